// A worker thread that trains one matter model (tens of seconds of CPU) off the server's event loop.
// Plain JavaScript: a worker does not inherit the TypeScript loader, so it registers it first.
import { parentPort, workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
const { trainMatterModel } = await import('@gongzhi/nlp');
const { matters, texts, now } = workerData;
parentPort?.postMessage(trainMatterModel(matters, texts, new Date(now)));
