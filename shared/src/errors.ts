/**
 * The error vocabulary client and server share: every code the API can answer with, the HTTP status
 * it travels under, the message a person reads (zh-CN and en, with {placeholders}), and the shape
 * of the response body. The server renders these messages; the client may re-render them from
 * `code` + `details` in the user's own language.
 */
import { z } from 'zod';
import type { LocalizedText, Locale } from './i18n';

export const ErrorCode = {
  BAD_REQUEST: 'BAD_REQUEST',
  MALFORMED_JSON: 'MALFORMED_JSON',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  ROUTE_NOT_FOUND: 'ROUTE_NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  CONFLICT: 'CONFLICT',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  /** The URL or the headers exceed what the HTTP parser accepts (refused before routing). */
  REQUEST_HEADERS_TOO_LARGE: 'REQUEST_HEADERS_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL: 'INTERNAL',
  BAD_GATEWAY: 'BAD_GATEWAY',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  IMPORT_ROWS_INVALID: 'IMPORT_ROWS_INVALID',
  /** A workflow move not possible from the record's state (platform/workflow.ts). */
  TRANSITION_NOT_ALLOWED: 'TRANSITION_NOT_ALLOWED',
  // identity
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  TOKEN_EXPIRED: 'TOKEN_EXPIRED',
  TOKEN_INVALID: 'TOKEN_INVALID',
  REFRESH_TOKEN_INVALID: 'REFRESH_TOKEN_INVALID',
  REFRESH_TOKEN_REUSED: 'REFRESH_TOKEN_REUSED',
  WECHAT_CODE_INVALID: 'WECHAT_CODE_INVALID',
  WECHAT_UNAVAILABLE: 'WECHAT_UNAVAILABLE',
  WECHAT_NOT_CONFIGURED: 'WECHAT_NOT_CONFIGURED',
  USERNAME_TAKEN: 'USERNAME_TAKEN',
  // meals
  MEAL_SLOT_FULL: 'MEAL_SLOT_FULL',
  MEAL_BOOKING_CLOSED: 'MEAL_BOOKING_CLOSED',
  MEAL_NOT_ELIGIBLE: 'MEAL_NOT_ELIGIBLE',
  MEAL_ALREADY_BOOKED: 'MEAL_ALREADY_BOOKED',
  // consultations
  CONSULTATION_NOT_ELIGIBLE: 'CONSULTATION_NOT_ELIGIBLE',
  CONSULTATION_ALREADY_VOTED: 'CONSULTATION_ALREADY_VOTED',
  CONSULTATION_VOTING_CLOSED: 'CONSULTATION_VOTING_CLOSED',
  // daycare
  DAYCARE_NO_CLASS_FOR_AGE: 'DAYCARE_NO_CLASS_FOR_AGE',
  DAYCARE_CONSENT_REQUIRED: 'DAYCARE_CONSENT_REQUIRED',
  DAYCARE_VISIT_FULL: 'DAYCARE_VISIT_FULL',
  DAYCARE_CLASS_FULL: 'DAYCARE_CLASS_FULL',
  // uploads
  UPLOAD_TOO_LARGE: 'UPLOAD_TOO_LARGE',
  UPLOAD_UNSUPPORTED_TYPE: 'UPLOAD_UNSUPPORTED_TYPE',
  UPLOAD_DAMAGED: 'UPLOAD_DAMAGED',
  UPLOAD_LINK_INVALID: 'UPLOAD_LINK_INVALID',
  UPLOADS_NOT_ATTACHABLE: 'UPLOADS_NOT_ATTACHABLE',
  // pledges and points
  PLEDGE_NEED_FULL: 'PLEDGE_NEED_FULL',
  POINTS_INSUFFICIENT: 'POINTS_INSUFFICIENT',
  REWARD_OUT_OF_STOCK: 'REWARD_OUT_OF_STOCK',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export const ERROR_STATUS: Readonly<Record<ErrorCode, number>> = {
  BAD_REQUEST: 400,
  MALFORMED_JSON: 400,
  VALIDATION_FAILED: 400,
  UNAUTHORIZED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  ROUTE_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  REQUEST_HEADERS_TOO_LARGE: 431,
  UNSUPPORTED_MEDIA_TYPE: 415,
  TOO_MANY_REQUESTS: 429,
  INTERNAL: 500,
  BAD_GATEWAY: 502,
  SERVICE_UNAVAILABLE: 503,
  IMPORT_ROWS_INVALID: 400,
  TRANSITION_NOT_ALLOWED: 409,
  INVALID_CREDENTIALS: 401,
  TOKEN_EXPIRED: 401,
  TOKEN_INVALID: 401,
  REFRESH_TOKEN_INVALID: 401,
  REFRESH_TOKEN_REUSED: 401,
  WECHAT_CODE_INVALID: 400,
  WECHAT_UNAVAILABLE: 502,
  WECHAT_NOT_CONFIGURED: 503,
  USERNAME_TAKEN: 409,
  MEAL_SLOT_FULL: 409,
  MEAL_BOOKING_CLOSED: 409,
  MEAL_NOT_ELIGIBLE: 403,
  MEAL_ALREADY_BOOKED: 409,
  CONSULTATION_NOT_ELIGIBLE: 403,
  CONSULTATION_ALREADY_VOTED: 409,
  CONSULTATION_VOTING_CLOSED: 409,
  DAYCARE_NO_CLASS_FOR_AGE: 422,
  DAYCARE_CONSENT_REQUIRED: 400,
  DAYCARE_VISIT_FULL: 409,
  DAYCARE_CLASS_FULL: 409,
  UPLOAD_TOO_LARGE: 413,
  UPLOAD_UNSUPPORTED_TYPE: 415,
  UPLOAD_DAMAGED: 400,
  UPLOAD_LINK_INVALID: 403,
  UPLOADS_NOT_ATTACHABLE: 400,
  PLEDGE_NEED_FULL: 409,
  POINTS_INSUFFICIENT: 409,
  REWARD_OUT_OF_STOCK: 409,
};

/**
 * What the person reading the message can do next is part of every message. Placeholders are
 * filled from the error's params (see `formatMessage`); the param names are part of the contract.
 */
export const ERROR_MESSAGES: Readonly<Record<ErrorCode, LocalizedText>> = {
  BAD_REQUEST: {
    'zh-CN': '请求有误：{reason}',
    en: 'The request cannot be processed: {reason}',
  },
  MALFORMED_JSON: {
    'zh-CN': '提交的内容不是有效的 JSON，请检查格式后重试。',
    en: 'The request body is not valid JSON. Check its syntax and try again.',
  },
  VALIDATION_FAILED: {
    'zh-CN': '有 {count} 处填写不符合要求，请按提示修改后重试。',
    en: '{count} field(s) need correcting. See the details and try again.',
  },
  UNAUTHORIZED: {
    'zh-CN': '请先登录后再继续。',
    en: 'Please sign in to continue.',
  },
  FORBIDDEN: {
    'zh-CN': '你没有权限进行此操作。如有疑问，请联系社区工作人员。',
    en: 'You do not have permission to do this. Ask your community staff if you think you should.',
  },
  NOT_FOUND: {
    'zh-CN': '找不到该{resource}，它可能已被删除，或你没有查看权限。',
    en: 'The {resource} was not found. It may have been removed, or you may not have access to it.',
  },
  ROUTE_NOT_FOUND: {
    'zh-CN': '接口 {method} {path} 不存在，请检查请求地址。',
    en: 'There is no endpoint {method} {path}. Check the request address.',
  },
  METHOD_NOT_ALLOWED: {
    'zh-CN': '该地址不支持 {method} 请求，可用的方法：{allowed}。',
    en: '{method} is not supported at this address. Allowed methods: {allowed}.',
  },
  CONFLICT: {
    'zh-CN': '操作未完成：{reason}',
    en: 'This could not be done: {reason}',
  },
  PAYLOAD_TOO_LARGE: {
    'zh-CN': '提交的内容过大（上限 {limit}），请精简后重试。',
    en: 'The request body is too large (limit {limit}). Send less and try again.',
  },
  REQUEST_HEADERS_TOO_LARGE: {
    'zh-CN': '请求地址或请求头太长，服务器无法处理。请减少查询条件后重试。',
    en: 'The request address or its headers are too long to process. Use fewer or shorter query values and try again.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    'zh-CN': '不支持这种提交格式，请以 JSON（application/json）提交。',
    en: 'This content type is not supported. Send JSON (application/json).',
  },
  TOO_MANY_REQUESTS: {
    'zh-CN': '操作太频繁了，请 {retryAfter} 秒后再试。',
    en: 'Too many requests. Please try again in {retryAfter} seconds.',
  },
  INTERNAL: {
    'zh-CN': '服务器出了点问题，我们已记录下来，请稍后再试。',
    en: 'Something went wrong on our side. It has been logged; please try again later.',
  },
  BAD_GATEWAY: {
    'zh-CN': '{service}暂时没有响应，请稍后再试。',
    en: '{service} is not responding right now. Please try again later.',
  },
  SERVICE_UNAVAILABLE: {
    'zh-CN': '服务暂时不可用，请稍后再试。',
    en: 'The service is temporarily unavailable. Please try again later.',
  },
  IMPORT_ROWS_INVALID: {
    'zh-CN': '有 {count} 处数据有误，本次没有导入任何内容。请按逐行说明修改文件后重新导入。',
    en: '{count} problem(s) found in the file, so nothing was imported. Fix the rows listed in the details and import again.',
  },
  TRANSITION_NOT_ALLOWED: {
    'zh-CN': '当前状态为“{state}”，无法进行此操作。{nextStep}请刷新后查看最新状态。',
    en: 'This cannot be done while it is {state}. {nextStep} Refresh to see where it stands now.',
  },
  INVALID_CREDENTIALS: {
    'zh-CN': '用户名或密码不正确，请检查后重试。',
    en: 'The username or password is wrong. Check them and try again.',
  },
  TOKEN_EXPIRED: {
    'zh-CN': '登录已过期，请刷新登录状态或重新登录。',
    en: 'Your session has expired. Refresh it or sign in again.',
  },
  TOKEN_INVALID: {
    'zh-CN': '登录状态无效，请重新登录。',
    en: 'Your session is not valid. Please sign in again.',
  },
  REFRESH_TOKEN_INVALID: {
    'zh-CN': '登录状态已失效，请重新登录。',
    en: 'Your session has ended. Please sign in again.',
  },
  REFRESH_TOKEN_REUSED: {
    'zh-CN': '检测到登录凭证被重复使用，为保护账号安全，已退出所有相关登录，请重新登录。',
    en: 'This sign-in was used twice, so we signed it out everywhere to protect the account. Please sign in again.',
  },
  WECHAT_CODE_INVALID: {
    'zh-CN': '微信登录凭证已过期或已被使用，请重新登录。',
    en: 'The WeChat sign-in code has expired or was already used. Please sign in again.',
  },
  WECHAT_UNAVAILABLE: {
    'zh-CN': '微信服务暂时没有响应，请稍后重新登录。',
    en: 'WeChat is not responding right now. Please sign in again in a little while.',
  },
  WECHAT_NOT_CONFIGURED: {
    'zh-CN': '本服务尚未开通微信登录，请联系平台管理员。',
    en: 'WeChat sign-in is not set up on this server. Please contact the platform administrator.',
  },
  USERNAME_TAKEN: {
    'zh-CN': '用户名“{username}”已被使用，请换一个。',
    en: 'The username "{username}" is already taken. Choose another one.',
  },
  MEAL_SLOT_FULL: {
    'zh-CN': '该餐次{mode}名额已满，请选择其他餐次或取餐方式。',
    en: 'This meal has no {mode} places left. Choose another meal or another way to get it.',
  },
  MEAL_BOOKING_CLOSED: {
    'zh-CN': '{reason}',
    en: '{reason}',
  },
  MEAL_NOT_ELIGIBLE: {
    'zh-CN': '无法为该长者订餐：{reason}',
    en: 'This elder cannot book this meal: {reason}',
  },
  MEAL_ALREADY_BOOKED: {
    'zh-CN': '该长者已订过这一餐，无需重复预订；可在“我的订餐”中查看。',
    en: 'This elder has already booked this meal. See it under My bookings.',
  },
  CONSULTATION_NOT_ELIGIBLE: {
    'zh-CN': '不能参加这次投票：{reason}',
    en: 'You cannot vote in this consultation: {reason}',
  },
  CONSULTATION_ALREADY_VOTED: {
    'zh-CN': '{reason}',
    en: '{reason}',
  },
  CONSULTATION_VOTING_CLOSED: {
    'zh-CN': '投票未开放：{reason}',
    en: 'Voting is not open: {reason}',
  },
  DAYCARE_NO_CLASS_FOR_AGE: {
    'zh-CN':
      '孩子在入托日期时 {age} 个月，{centre}没有适合这个月龄的班级（可收 {range}）。请换一个入托日期或机构。',
    en: 'On the start date the child will be {age} months old, and {centre} has no class for that age (it takes {range}). Choose another start date or centre.',
  },
  DAYCARE_CONSENT_REQUIRED: {
    'zh-CN': '提交孩子的信息前，请先阅读并同意个人信息处理说明（版本 {version}）。',
    en: "Before the child's details are sent, read and agree to the personal-information notice (version {version}).",
  },
  DAYCARE_VISIT_FULL: {
    'zh-CN': '这个参观时段已约满，请选择其他时段。',
    en: 'This visit time is fully booked. Choose another time.',
  },
  DAYCARE_CLASS_FULL: {
    'zh-CN': '{className}已满（{capacity} 个名额），可以把这位家长加入候补名单。',
    en: 'The {className} is full ({capacity} places); you can put this family on the waitlist.',
  },
  UPLOAD_TOO_LARGE: {
    'zh-CN': '图片太大了（上限 {limit}），请换一张较小的图片，或压缩后重新上传。',
    en: 'The image is too large (limit {limit}). Choose a smaller one, or compress it, and upload again.',
  },
  UPLOAD_UNSUPPORTED_TYPE: {
    'zh-CN': '无法使用这个文件：{reason}。请上传 JPEG、PNG 或 WebP 格式的图片。',
    en: 'This file cannot be used: {reason}. Upload a JPEG, PNG or WebP image.',
  },
  UPLOAD_DAMAGED: {
    'zh-CN': '图片已损坏或不完整，无法读取。请重新拍摄或选择另一张后上传。',
    en: 'The image is damaged or incomplete and cannot be read. Take it again or choose another one.',
  },
  UPLOAD_LINK_INVALID: {
    'zh-CN': '图片链接无效或已过期，请刷新页面后再查看。',
    en: 'This image link is invalid or has expired. Reload the page to see the image.',
  },
  UPLOADS_NOT_ATTACHABLE: {
    'zh-CN': '有 {count} 张图片无法使用（不存在、不是你上传的，或已用于其他记录），请重新上传后再提交。',
    en: '{count} image(s) cannot be used (unknown, not uploaded by you, or already used elsewhere). Upload them again and resubmit.',
  },
  PLEDGE_NEED_FULL: {
    'zh-CN': '“{need}”只还需要 {remaining}，请减少数量或认领其他需求。',
    en: 'Only {remaining} of "{need}" is still needed. Pledge less, or pick another need.',
  },
  POINTS_INSUFFICIENT: {
    'zh-CN': '积分不足：需要 {needed} 分，当前余额 {balance} 分。',
    en: 'Not enough points: this needs {needed} and the balance is {balance}.',
  },
  REWARD_OUT_OF_STOCK: {
    'zh-CN': '“{reward}”已兑完，请选择其他奖励。',
    en: '"{reward}" is out of stock. Choose another reward.',
  },
};

/**
 * Names of things that appear in messages ("the {resource} was not found"). Domain code passes the
 * key (`NotFound('mealSlot')`); modules add their nouns here so both languages read naturally.
 * An unknown key is shown as-is, which reads acceptably in English and is caught in review.
 */
export const RESOURCE_NAMES: Readonly<Record<string, LocalizedText>> = {
  resource: { 'zh-CN': '内容', en: 'resource' },
  community: { 'zh-CN': '社区', en: 'community' },
  building: { 'zh-CN': '楼栋', en: 'building' },
  household: { 'zh-CN': '住户', en: 'household' },
  user: { 'zh-CN': '用户', en: 'user' },
  mealSlot: { 'zh-CN': '助餐餐次', en: 'meal slot' },
  booking: { 'zh-CN': '订餐记录', en: 'booking' },
  provider: { 'zh-CN': '服务机构', en: 'service provider' },
  membership: { 'zh-CN': '入户申请', en: 'household membership' },
  carerLink: { 'zh-CN': '家属代办关系', en: 'carer link' },
  resident: { 'zh-CN': '居民', en: 'resident' },
  demoAccount: { 'zh-CN': '演示账号', en: 'demo account' },
  notice: { 'zh-CN': '公告', en: 'notice' },
  canteen: { 'zh-CN': '助餐食堂', en: 'canteen' },
  menu: { 'zh-CN': '菜单', en: 'menu' },
  standingOrder: { 'zh-CN': '长期订餐', en: 'standing order' },
  pickupCode: { 'zh-CN': '取餐码对应的订餐', en: 'booking with this pickup code' },
  wellnessAlert: { 'zh-CN': '安康提醒', en: 'wellness alert' },
  consultation: { 'zh-CN': '协商议题', en: 'consultation' },
  consultationComment: { 'zh-CN': '协商留言', en: 'comment' },
  repairCategory: { 'zh-CN': '报修类别', en: 'repair category' },
  repairTicket: { 'zh-CN': '报修工单', en: 'repair ticket' },
  daycareCentre: { 'zh-CN': '托育机构', en: 'daycare centre' },
  daycareClass: { 'zh-CN': '托育班级', en: 'daycare class' },
  enquiry: { 'zh-CN': '托育咨询', en: 'enquiry' },
  visitSlot: { 'zh-CN': '参观时段', en: 'visit slot' },
  upload: { 'zh-CN': '图片', en: 'image' },
  emergencyAlert: { 'zh-CN': '紧急呼叫', en: 'emergency call' },
  committeeMember: { 'zh-CN': '社区工作人员', en: 'committee member' },
  ratedItem: { 'zh-CN': '可评价的服务', en: 'service to rate' },
  rating: { 'zh-CN': '评价', en: 'rating' },
  pledgeProject: { 'zh-CN': '共建项目', en: 'pledge project' },
  pledgeNeed: { 'zh-CN': '项目需求', en: 'project need' },
  pledge: { 'zh-CN': '认领', en: 'pledge' },
  checkInCode: { 'zh-CN': '签到码对应的认领', en: 'pledge for this code' },
  reward: { 'zh-CN': '积分奖励', en: 'reward' },
  redemption: { 'zh-CN': '兑换订单', en: 'redemption' },
  conventionVersion: { 'zh-CN': '居民公约版本', en: 'convention version' },
};

/** Services named in BAD_GATEWAY messages. */
export const SERVICE_NAMES: Readonly<Record<string, LocalizedText>> = {
  wechat: { 'zh-CN': '微信服务', en: 'The WeChat service' },
  database: { 'zh-CN': '数据库', en: 'The database' },
  upstream: { 'zh-CN': '依赖的服务', en: 'An upstream service' },
};

/**
 * Reasons given for a single bad field, keyed by the kind of problem. The validation layer picks a
 * key and params from the schema's complaint; the client can use the same table for its own checks.
 */
export const FIELD_REASONS = {
  required: { 'zh-CN': '必填', en: 'is required' },
  invalid_type: { 'zh-CN': '应为{expected}', en: 'must be {expected}' },
  too_small_string: { 'zh-CN': '至少 {minimum} 个字', en: 'must be at least {minimum} characters' },
  too_big_string: { 'zh-CN': '最多 {maximum} 个字', en: 'must be at most {maximum} characters' },
  too_small_number: { 'zh-CN': '不能小于 {minimum}', en: 'must be at least {minimum}' },
  too_small_number_exclusive: { 'zh-CN': '必须大于 {minimum}', en: 'must be greater than {minimum}' },
  too_big_number: { 'zh-CN': '不能大于 {maximum}', en: 'must be at most {maximum}' },
  too_big_number_exclusive: { 'zh-CN': '必须小于 {maximum}', en: 'must be less than {maximum}' },
  too_small_array: { 'zh-CN': '至少需要 {minimum} 项', en: 'must have at least {minimum} item(s)' },
  too_big_array: { 'zh-CN': '最多 {maximum} 项', en: 'must have at most {maximum} item(s)' },
  invalid_format: { 'zh-CN': '格式不正确（应为{format}）', en: 'is not a valid {format}' },
  invalid_value: { 'zh-CN': '应为以下之一：{options}', en: 'must be one of: {options}' },
  not_multiple_of: { 'zh-CN': '应为 {divisor} 的倍数', en: 'must be a multiple of {divisor}' },
  unrecognized_keys: { 'zh-CN': '包含无法识别的字段：{keys}', en: 'has unknown field(s): {keys}' },
  invalid: { 'zh-CN': '内容不符合要求', en: 'is not valid' },
  /** A rule written in a schema's refine(), which supplies its own wording as params.text. */
  custom: { 'zh-CN': '{text}', en: '{text}' },
} as const satisfies Record<string, LocalizedText>;
export type FieldReason = keyof typeof FIELD_REASONS;

/** Type and format names used inside FIELD_REASONS templates. */
export const VALUE_KINDS: Readonly<Record<string, LocalizedText>> = {
  string: { 'zh-CN': '文本', en: 'text' },
  number: { 'zh-CN': '数字', en: 'a number' },
  int: { 'zh-CN': '整数', en: 'a whole number' },
  boolean: { 'zh-CN': '是或否（true/false）', en: 'true or false' },
  object: { 'zh-CN': '对象', en: 'an object' },
  array: { 'zh-CN': '列表', en: 'a list' },
  date: { 'zh-CN': '日期', en: 'a date' },
  email: { 'zh-CN': '邮箱地址', en: 'email address' },
  url: { 'zh-CN': '网址', en: 'URL' },
  uuid: { 'zh-CN': 'UUID', en: 'UUID' },
  datetime: { 'zh-CN': 'ISO 8601 日期时间', en: 'ISO 8601 date-time' },
  date_iso: { 'zh-CN': 'YYYY-MM-DD 日期', en: 'YYYY-MM-DD date' },
  regex: { 'zh-CN': '规定的格式', en: 'value in the expected format' },
  objectId: { 'zh-CN': '24 位十六进制编号', en: '24-character hex id' },
  phoneCN: { 'zh-CN': '以 1 开头的 11 位手机号', en: 'mainland mobile number (11 digits starting with 1)' },
  username: {
    'zh-CN': '3–32 位字母、数字、点、短横线或下划线',
    en: 'username of 3–32 letters, digits, dots, dashes or underscores',
  },
};

/** One bad field in a VALIDATION_FAILED answer. */
export const FieldIssueSchema = z
  .object({
    location: z.enum(['body', 'query', 'params']).meta({ description: 'Which part of the request' }),
    path: z.string().meta({
      description: 'Dotted path inside that part; empty for the part itself',
      example: 'items.0.quantity',
    }),
    reason: z.string().meta({
      description: 'Machine-readable kind of problem (a FIELD_REASONS key)',
      example: 'too_small_number',
    }),
    message: z
      .string()
      .meta({ description: 'What is wrong, in the requested language', example: '不能小于 1' }),
  })
  .meta({ id: 'FieldIssue' });
export type FieldIssue = z.infer<typeof FieldIssueSchema>;

/** The body of every error response. */
export const ErrorBodySchema = z
  .object({
    error: z.object({
      code: z.enum(Object.values(ErrorCode) as [ErrorCode, ...ErrorCode[]]),
      message: z
        .string()
        .meta({ description: 'A sentence a person can act on, in zh-CN or en per Accept-Language' }),
      details: z.record(z.string(), z.unknown()).optional().meta({
        description:
          'Structured facts behind the message; VALIDATION_FAILED puts { fields: FieldIssue[] } here',
      }),
      requestId: z.string().optional().meta({ description: 'Quote this when reporting a problem' }),
    }),
  })
  .meta({ id: 'ErrorBody' });
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

export type { Locale };
