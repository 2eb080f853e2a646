import { Worker } from 'node:worker_threads';
import type { Services } from '@gongzhi/api';
import { refreshClassifier, retrainIfCorrected } from '@gongzhi/api/use-cases/retrain-classifier';
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
 * Keeps the classifier current: every minute it puts in use a version another process (or the
 * command line) stored, and every `retrainHours` (if set) it retrains when corrections came in.
 */
export function startClassifierUpkeep(services: Services, options: { retrainHours?: number | undefined; refreshMs?: number }): { stop(): void } {
  const refresh = setInterval(() => {
    refreshClassifier({ ctx: services }).catch((e: unknown) => console.error('[gongzhi] classifier refresh failed:', e));
  }, options.refreshMs ?? 60_000);
  refresh.unref();
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
      if (retrain) clearInterval(retrain);
    },
  };
}
