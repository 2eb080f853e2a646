export { render, renderError, Open311Error, type Format } from './format.ts';
export { langOf, message, type Lang } from './messages.ts';
export {
  discovery,
  services,
  serviceDefinition,
  postRequest,
  getRequests,
  getRequest,
  getToken,
  jurisdictionOf,
  useApiKey,
  type ApiClient,
  type Params,
} from './open311.ts';
export { issueApiKey } from '../use-cases/issue-api-key.ts';
