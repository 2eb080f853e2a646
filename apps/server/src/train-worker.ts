// A worker thread that trains one matter model (tens of seconds of CPU) off the server's event loop.
import { parentPort, workerData } from 'node:worker_threads';
import { trainMatterModel, type ModelMatter, type LabelledText } from '@gongzhi/nlp';

const { matters, texts, now } = workerData as { matters: ModelMatter[]; texts: LabelledText[]; now: string };
parentPort?.postMessage(trainMatterModel(matters, texts, new Date(now)));
