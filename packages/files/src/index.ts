export { DiskStore, S3Store, type FileStore, type S3Options } from './store.ts';
export {
  ACCEPTED,
  SIZE_LIMITS,
  MAX_UPLOAD_BYTES,
  UploadTooLarge,
  receive,
  sniff,
  photoMeta,
  inspect,
  rendition,
  type AcceptedMime,
  type AttachmentKind,
  type Received,
  type PhotoMeta,
  type Inspected,
} from './inspect.ts';
