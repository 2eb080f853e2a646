/** Open311 error descriptions, in Chinese unless the client asks for English (Accept-Language). */
export type Lang = 'zh' | 'en';

const zh = {
  JURISDICTION_REQUIRED: 'jurisdiction_id 为必填项:510100(成都)、510600(德阳)、511400(眉山)、512000(资阳)。',
  JURISDICTION_UNKNOWN: 'jurisdiction_id“{id}”不存在;可用:510100(成都)、510600(德阳)、511400(眉山)、512000(资阳)。',
  API_KEY: 'api_key 缺失或无效。请向平台管理员申请。',
  SERVICE_CODE_REQUIRED: 'service_code 为必填项。',
  SERVICE_CODE_UNKNOWN: 'service_code“{code}”不存在。',
  LOCATION_REQUIRED: '必须提供位置:lat 和 long,或 address_string。',
  LATLONG_INVALID: 'lat/long 必须是有效的 WGS84 坐标(纬度 -90 到 90,经度 -180 到 180)。',
  OUTSIDE_ALLIANCE: '位置({lon}, {lat})不在成都、德阳、眉山、资阳四市范围内。',
  ADDRESS_UNKNOWN: 'address_string 中没有可识别的成德眉资区县名称,请提供 lat/long。',
  DESCRIPTION_TOO_LONG: 'description 超过 4000 字(当前 {length} 字)。',
  ATTRIBUTE_INVALID: 'attribute[{code}] 的值“{value}”无效。',
  ATTRIBUTE_UNKNOWN: '该服务没有属性 {code}。',
  MEDIA_URL_INVALID: 'media_url 必须是 http 或 https 地址。',
  EMAIL_INVALID: 'email 格式无效。',
  PHONE_INVALID: 'phone 格式无效。',
  REQUEST_UNKNOWN: 'service_request_id“{id}”不存在。',
  TOKEN_UNKNOWN: 'token 不存在。',
  DATE_INVALID: '{field} 必须是 W3C 日期时间(例如 2026-11-27T10:00:00+08:00)。',
  RANGE_TOO_LONG: 'start_date 与 end_date 之间最多 90 天。',
  STATUS_INVALID: 'status 只能是 open 或 closed。',
  NOT_FOUND: '没有这个接口:{path}',
  REQUEST_INVALID: '请求内容无效。',
  REQUEST_FORBIDDEN: '不允许执行此请求。',
  RESOURCE_UNKNOWN: '请求的对象不存在。',
  REQUEST_CONFLICT: '请求与现有数据冲突,请稍后重试。',
  TOO_MANY_REQUESTS: '请求过于频繁,请稍后重试。',
  INTERNAL: '服务器内部错误,请稍后重试。',
  UNAVAILABLE: '数据库暂时无法连接,请稍后重试。',
  INTERNAL_REF: '服务器内部错误,请稍后重试(请求编号 {requestId})。',
  BODY_INVALID: '请求体不是完整有效的表单(application/x-www-form-urlencoded 或 multipart/form-data)。',
  BODY_TOO_LARGE: '请求体超过 1 MB。',
  CONTROL_CHARACTER: '{field} 含有控制字符。',
  PATH_INVALID: '路径中含有无效的百分号编码。',
  DATE_OUT_OF_RANGE: '{field} 超出可接受的年份范围(2000–2100)。',
};
type Messages = Record<keyof typeof zh, string>;
const en: Messages = {
  JURISDICTION_REQUIRED: 'jurisdiction_id is required: 510100 (Chengdu), 510600 (Deyang), 511400 (Meishan), 512000 (Ziyang).',
  JURISDICTION_UNKNOWN: 'jurisdiction_id "{id}" was not found; use 510100 (Chengdu), 510600 (Deyang), 511400 (Meishan) or 512000 (Ziyang).',
  API_KEY: 'api_key is missing or invalid. Ask the platform administrator for one.',
  SERVICE_CODE_REQUIRED: 'service_code is required.',
  SERVICE_CODE_UNKNOWN: 'service_code "{code}" was not found.',
  LOCATION_REQUIRED: 'A location is required: lat and long, or address_string.',
  LATLONG_INVALID: 'lat/long must be valid WGS84 coordinates (latitude -90 to 90, longitude -180 to 180).',
  OUTSIDE_ALLIANCE: 'The location ({lon}, {lat}) is outside Chengdu, Deyang, Meishan and Ziyang.',
  ADDRESS_UNKNOWN: 'address_string names no district of the alliance; give lat/long.',
  DESCRIPTION_TOO_LONG: 'description is longer than 4000 characters ({length}).',
  ATTRIBUTE_INVALID: 'attribute[{code}] has an invalid value "{value}".',
  ATTRIBUTE_UNKNOWN: 'This service has no attribute {code}.',
  MEDIA_URL_INVALID: 'media_url must be an http or https URL.',
  EMAIL_INVALID: 'email is not a valid address.',
  PHONE_INVALID: 'phone is not a valid number.',
  REQUEST_UNKNOWN: 'service_request_id "{id}" was not found.',
  TOKEN_UNKNOWN: 'token was not found.',
  DATE_INVALID: '{field} must be a W3C datetime (for example 2026-11-27T10:00:00+08:00).',
  RANGE_TOO_LONG: 'start_date and end_date may be at most 90 days apart.',
  STATUS_INVALID: 'status must be open or closed.',
  NOT_FOUND: 'No such endpoint: {path}',
  REQUEST_INVALID: 'The request is not valid.',
  REQUEST_FORBIDDEN: 'This request is not allowed.',
  RESOURCE_UNKNOWN: 'What the request names does not exist.',
  REQUEST_CONFLICT: 'The request conflicts with the stored data; try again later.',
  TOO_MANY_REQUESTS: 'Too many requests; try again later.',
  INTERNAL: 'Internal error; try again later.',
  UNAVAILABLE: 'The database cannot be reached right now; try again shortly.',
  INTERNAL_REF: 'Internal error; try again later (request {requestId}).',
  BODY_INVALID: 'The body is not a complete form (application/x-www-form-urlencoded or multipart/form-data).',
  BODY_TOO_LARGE: 'The body is larger than 1 MB.',
  CONTROL_CHARACTER: '{field} contains a control character.',
  PATH_INVALID: 'The path has an invalid percent-encoding.',
  DATE_OUT_OF_RANGE: '{field} is outside the accepted years (2000–2100).',
};

export type MessageKey = keyof typeof zh;

export function message(lang: Lang, key: MessageKey, params: Record<string, string | number> = {}): string {
  return (lang === 'en' ? en : zh)[key].replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? ''));
}

export const langOf = (acceptLanguage: string | undefined): Lang => (acceptLanguage?.trim().toLowerCase().startsWith('en') ? 'en' : 'zh');
