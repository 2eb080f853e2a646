import { useSearchParams } from '@solidjs/router';
import { For, Show, createResource, createSignal } from 'solid-js';
import { fill, formatTime, nameOf, t } from '../i18n/index.ts';
import { api, failureOf, type ApiFailure } from '../lib/trpc.ts';
import { principal } from '../lib/session.ts';
import { ErrorMessage } from '../components/ErrorMessage.tsx';
import { LeadAndSupports } from '../components/LeadAndSupports.tsx';
import { MatterOptions } from '../components/MatterOptions.tsx';

type Route = Awaited<ReturnType<typeof api.routing.preview.query>>;

export default function RoutePreview() {
  const [params] = useSearchParams<{ matter?: string }>();
  const [reference] = createResource(() => api.matrix.reference.query());
  const [matter, setMatter] = createSignal(params.matter ?? '');
  const [lon, setLon] = createSignal('');
  const [lat, setLat] = createSignal('');
  const [crs, setCrs] = createSignal<'wgs84' | 'gcj02'>('wgs84');
  const [reportedIn, setReportedIn] = createSignal('');
  const [route, setRoute] = createSignal<Route | null>(null);
  const [failure, setFailure] = createSignal<ApiFailure | null>(null);
  const [busy, setBusy] = createSignal(false);

  const department = (code: string) => {
    const d = reference()?.departments.find((x) => x.code === code);
    return d ? nameOf(d.name) : code;
  };
  const city = (adcode: string) => {
    const c = reference()?.cities.find((x) => x.adcode === adcode);
    return c ? nameOf(c.name) : adcode;
  };
  const unit = (u: { cityAdcode: string; department: string }) => `${city(u.cityAdcode)} · ${department(u.department)}`;

  async function submit(event: SubmitEvent) {
    event.preventDefault();
    setFailure(null);
    const x = Number(lon());
    const y = Number(lat());
    if (lon().trim() === '' || lat().trim() === '' || Number.isNaN(x) || Number.isNaN(y)) {
      setFailure({ reason: 'NUMBER_REQUIRED', params: {} });
      return;
    }
    setBusy(true);
    try {
      setRoute(await api.routing.preview.query({ matter: matter(), lon: x, lat: y, crs: crs(), reportedIn: reportedIn() || undefined }));
    } catch (e) {
      setRoute(null);
      setFailure(failureOf(e));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby="route-title">
      <h1 id="route-title">{t().route.title}</h1>
      <p class="intro">{t().route.intro}</p>
      <Show when={principal()} fallback={<p class="notice">{t().route.needSignIn}</p>}>
        <div class="route-layout">
          <form class="card form" onSubmit={submit}>
            <label>
              {t().route.matter}
              <select name="matter" required value={matter()} onChange={(e) => setMatter(e.currentTarget.value)}>
                <option value="">{t().route.chooseMatter}</option>
                <MatterOptions selected={matter()} />
              </select>
            </label>
            <div class="row">
              <label>
                {t().route.lon}
                <input name="lon" inputmode="decimal" placeholder="104.0657" value={lon()} onInput={(e) => setLon(e.currentTarget.value)} />
              </label>
              <label>
                {t().route.lat}
                <input name="lat" inputmode="decimal" placeholder="30.6574" value={lat()} onInput={(e) => setLat(e.currentTarget.value)} />
              </label>
            </div>
            <fieldset>
              <legend>{t().route.crs}</legend>
              <label class="inline">
                <input type="radio" name="crs" value="wgs84" checked={crs() === 'wgs84'} onChange={() => setCrs('wgs84')} /> {t().route.wgs84}
              </label>
              <label class="inline">
                <input type="radio" name="crs" value="gcj02" checked={crs() === 'gcj02'} onChange={() => setCrs('gcj02')} /> {t().route.gcj02}
              </label>
            </fieldset>
            <label>
              {t().route.reportedIn}
              <select name="reportedIn" value={reportedIn()} onChange={(e) => setReportedIn(e.currentTarget.value)}>
                <option value="">{t().route.notGiven}</option>
                <For each={reference()?.cities ?? []}>{(c) => <option value={c.adcode}>{nameOf(c.name)}</option>}</For>
              </select>
            </label>
            <ErrorMessage failure={failure()} />
            <button type="submit" class="button" disabled={busy()}>
              {t().route.submit}
            </button>
          </form>
          <Show when={route()}>
            {(r) => (
              <article class="card result" aria-labelledby="route-result" aria-live="polite">
                <h2 id="route-result">{t().route.result}</h2>
                <dl class="facts">
                  <dt>{t().route.location}</dt>
                  <dd>
                    {nameOf(r().city.name)} · {nameOf(r().county.name)}{' '}
                    <span class="muted">
                      ({r().point.lon.toFixed(5)}, {r().point.lat.toFixed(5)} WGS84)
                    </span>
                  </dd>
                  <LeadAndSupports leadTitle={t().route.lead} supportsTitle={t().route.supports} lead={unit(r().lead)} supports={r().supports.map(unit)} />
                  <dt>{t().matter.tier}</dt>
                  <dd>{t().tier[r().tier]}</dd>
                  <dt>{t().route.respondBy}</dt>
                  <dd>{formatTime(r().respondBy)}</dd>
                  <dt>{t().route.borderCities}</dt>
                  <dd>
                    <Show when={r().borderCities.length > 0} fallback={t().route.noBorder}>
                      <span class="badge warn">{t().route.border}</span>{' '}
                      {r()
                        .borderCities.map((c) => `${nameOf(c.name)} (${fill(t().route.distance, { km: (c.distanceMetres / 1000).toFixed(1) })})`)
                        .join('、')}
                    </Show>
                  </dd>
                  <Show when={r().reportedIn}>
                    {(city) => (
                      <>
                        <dt>{t().route.reportedIn}</dt>
                        <dd>
                          {nameOf(city().name)} — {r().crossCity ? <strong class="warn-text">{t().route.crossCity}</strong> : t().route.sameCity}
                        </dd>
                      </>
                    )}
                  </Show>
                  <dt>{t().route.matrixVersion}</dt>
                  <dd>{r().matrixVersion}</dd>
                </dl>
              </article>
            )}
          </Show>
        </div>
      </Show>
    </section>
  );
}
