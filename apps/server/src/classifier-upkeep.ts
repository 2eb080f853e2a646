import { Worker } from 'node:worker_threads';
import type { Services } from '@gongzhi/api';
import { refreshClassifier, retrainClassifier, retrainIfCorrected, unlearnedMatters } from '@gongzhi/api/use-cases/retrain-classifier';
import type { MatterModelJson, Trainer } from '@gongzhi/nlp';

/** Trains on a worker thread: the server keeps answering while a model trains. */
export const workerTrainer: Trainer = (matters, texts, now) =>
  new Promise<MatterModelJson>((resolve, reject) => {
    const worker = new Worker(new URL('./train-worker.mjs', import.meta.url), { workerData: { matters, texts, now: now.toISOString() } });
    worker.once('message', (model: MatterModelJson) => resolve(model));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`the training worker stopped with code ${code}`)));
  });

/**
 * One minute's check (and at once after an amendment in this process): put in use a version another
 * process (or the command line) stored; retrain at once when the matrix gained a matter, or example
 * complaints, the model has not learned.
 */
export async function keepClassifierCurrent(services: Services): Promise<void> {
  await refreshClassifier({ ctx: services });
  if (services.models?.training) return;
  const unlearned = await unlearnedMatters({ ctx: services });
  if (unlearned.length === 0) return;
  const r = await retrainClassifier({ ctx: services, input: { by: 'matrix' } });
  console.log(`[gongzhi] classifier version ${r.version} trained for the matters ${unlearned.join(', ')}`);
}

/**
 * Keeps the classifier current: every minute `keepClassifierCurrent`, and every `retrainHours` (if
 * set) a retrain when corrections came in.
 */
export function startClassifierUpkeep(services: Services, options: { retrainHours?: number | undefined; refreshMs?: number }): { stop(): void } {
  const check = () => {
    keepClassifierCurrent(services).catch((e: unknown) => console.error('[gongzhi] classifier upkeep failed:', e));
  };
  const refresh = setInterval(check, options.refreshMs ?? 60_000);
  refresh.unref();
  const unsubscribe = services.models?.onStale(check);
  const hours = options.retrainHours;
  const retrain = hours
    ? setInterval(() => {
        retrainIfCorrected({ ctx: services, input: { by: 'schedule' } }).then(
          (r) => r && console.log(`[gongzhi] classifier version ${r.version} trained on ${r.corrections} corrections`),
          (e: unknown) => console.error('[gongzhi] scheduled retrain failed:', e),
        );
      }, hours * 3_600_000)
    : null;
  retrain?.unref();
  return {
    stop() {
      clearInterval(refresh);
      unsubscribe?.();
      if (retrain) clearInterval(retrain);
    },
  };
}
