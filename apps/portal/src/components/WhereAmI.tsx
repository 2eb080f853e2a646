import { Show, createSignal } from 'solid-js';
import { hereCheck } from '@gongzhi/domain/attachments';
import { fill, t } from '../i18n/index.ts';

type Here = ReturnType<typeof hereCheck>;
type Problem = 'denied' | 'unavailable' | 'unsupported';

/**
 * "I am here" (我在现场): the device's location (asked for only when the officer presses the button)
 * shown against the case's place, by the same 200 m rule as the photos' EXIF place.
 */
export function WhereAmI(props: { lon: number; lat: number }) {
  const f = () => t().field;
  const [here, setHere] = createSignal<Here | null>(null);
  const [problem, setProblem] = createSignal<Problem | null>(null);
  const [busy, setBusy] = createSignal(false);
  function locate() {
    setProblem(null);
    if (!('geolocation' in navigator)) return setProblem('unsupported');
    setBusy(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        setBusy(false);
        setHere(hereCheck({ lon: props.lon, lat: props.lat }, { lon: pos.coords.longitude, lat: pos.coords.latitude, accuracy: pos.coords.accuracy }));
      },
      (error) => {
        setBusy(false);
        setProblem(error.code === error.PERMISSION_DENIED ? 'denied' : 'unavailable');
      },
      { enableHighAccuracy: true, timeout: 20_000, maximumAge: 30_000 },
    );
  }
  return (
    <div class="where-am-i" data-testid="where-am-i">
      <button type="button" class="button secondary" disabled={busy()} onClick={locate}>
        {busy() ? f().locating : f().here}
      </button>
      <Show when={here()}>
        {(h) => (
          <p class={`hint ${h().atPlace === false ? 'warn-text' : ''}`} role="status" data-at-place={String(h().atPlace)}>
            {fill(h().atPlace === null ? f().hereCoarse : h().atPlace ? f().hereAt : f().hereFar, { metres: h().metres, accuracy: h().accuracy })}
          </p>
        )}
      </Show>
      <Show when={problem()}>{(p) => <p class="hint warn-text">{f().locationProblems[p()]}</p>}</Show>
    </div>
  );
}
