import { For, Show, createResource } from 'solid-js';
import { nameOf, t } from '../i18n/index.ts';
import { api } from '../lib/trpc.ts';

type AllianceCity = Parameters<typeof api.geo.map.query>[0]['cities'][number];
const CITIES: readonly string[] = ['510100', '510600', '511400', '512000'] satisfies AllianceCity[];
const isAllianceCity = (c: string): c is AllianceCity => CITIES.includes(c);

/**
 * The case's location on an SVG map of its city (and neighbouring cities for a border case) with
 * the district boundaries; drawn from the alliance's own boundary data, no tile server. Loaded on
 * demand: the inbox never downloads this code.
 */
export default function CityMap(props: { cities: string[]; point: [number, number]; home: string; county: string | null }) {
  const [map] = createResource(
    () => ({ cities: props.cities.filter(isAllianceCity), points: [props.point] }),
    (input) => api.geo.map.query(input),
  );
  return (
    <Show when={map()} fallback={<p aria-busy="true">{t().case.mapLoading}</p>}>
      {(m) => {
        const p = () => m().points[0];
        return (
          <svg class="city-map" viewBox={`-4 -4 ${m().width + 8} ${m().height + 8}`} role="img" aria-label={t().case.map}>
            <title>{t().case.map}</title>
            <For each={m().counties}>
              {(c) => (
                <path d={c.path} class={c.adcode === props.county ? 'county here' : 'county'}>
                  <title>{nameOf(c.name)}</title>
                </path>
              )}
            </For>
            <For each={m().cities}>
              {(c) => (
                <path d={c.path} class={c.adcode === props.home ? 'city home' : 'city neighbour'}>
                  <title>{nameOf(c.name)}</title>
                </path>
              )}
            </For>
            <Show when={p()}>
              {(pt) => (
                <g class="marker" transform={`translate(${pt().x} ${pt().y})`}>
                  <circle r="14" class="halo" />
                  <circle r="5" class="dot" />
                </g>
              )}
            </Show>
          </svg>
        );
      }}
    </Show>
  );
}
