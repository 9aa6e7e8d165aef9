/**
 * The route helper. A route is declared once, as data that reads like a sentence: the method and
 * path, what it is for, who may call it, what input it takes, what it answers, and what it does.
 * That one declaration registers the Koa handler (with validation in front of it) and the
 * OpenAPI operation (see openapi.ts), so the docs cannot drift from the code.
 *
 *   route({
 *     method: 'post',
 *     path: '/bookings',
 *     summary: 'Book a meal',
 *     auth: 'public',
 *     input: { body: CreateBookingBody },
 *     responses: { 201: BookingView },
 *     errors: ['NOT_FOUND', 'CONFLICT'],
 *     handler: async (ctx) => presentBooking(await meals.book(ctx.state.actor, ctx.input.body)),
 *   })
 *
 * The handler returns the body; it is checked against (and trimmed to) the response schema, so a
 * presenter that forgets to drop a private field cannot leak it. The first declared status is the
 * default; a handler may set ctx.status to another declared one (health answers 503 that way).
 */
import Router, { type RouterContext } from '@koa/router';
import type { ErrorCode } from '@linli/shared';
import type { Middleware, ParameterizedContext } from 'koa';
import { z } from 'zod';
import type { Actor, AppState } from './context';
import { authorizeRoute, refuseAllAuthenticator, type Access, type Authenticator } from './auth';
import { validate, type InputContext, type InputSchemas } from './validate';

export type { Access };

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** A response: its body schema, or null for no body (204), optionally with a description. */
export type ResponseSpec = z.ZodType | null | { description: string; schema: z.ZodType | null };
export type Responses = Readonly<Record<number, ResponseSpec>>;

type BodyOf<R> = R extends z.ZodType
  ? z.input<R>
  : R extends { schema: infer S }
    ? S extends z.ZodType
      ? z.input<S>
      : void
    : void;
/** What the handler must return: the body of one of the declared responses. */
export type ResponseBodyOf<Rs extends Responses> = { [K in keyof Rs]: BodyOf<Rs[K]> }[keyof Rs];

/** On a route that is not public, the handler can rely on the actor being there. */
type StateFor<A extends Access> = A extends 'public' ? AppState : AppState & { actor: Actor };

export type RouteContext<S extends InputSchemas, A extends Access = Access> = ParameterizedContext<
  StateFor<A>,
  InputContext<S> & Pick<RouterContext, 'params'>
>;

export interface FileUploadSpec {
  field: string;
  description: string;
}

export interface RouteSpec<S extends InputSchemas, Rs extends Responses, A extends Access> {
  method: HttpMethod;
  /** Relative to the module's basePath, Koa style: '/bookings/:bookingId'. */
  path: string;
  /** One line for the docs: what the route does, from the caller's point of view. */
  summary: string;
  description?: string;
  auth: A;
  input?: S;
  /**
   * A multipart/form-data body carrying one file in this field, which the handler reads itself
   * (see uploads/routes.ts); declared here so the docs show the request body.
   */
  fileUpload?: FileUploadSpec;
  responses: Rs;
  /** Error codes this route throws on purpose (validation, rate limiting and 500 are implied). */
  errors?: readonly ErrorCode[];
  handler: (ctx: RouteContext<S, A>) => Promise<ResponseBodyOf<Rs>> | ResponseBodyOf<Rs>;
}

/** A declared route with its types erased, ready to be mounted and documented. */
export interface Route {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly auth: Access;
  readonly input: InputSchemas;
  readonly fileUpload?: FileUploadSpec;
  readonly responses: Responses;
  readonly errors: readonly ErrorCode[];
  readonly handler: (ctx: RouteContext<InputSchemas>) => unknown;
}

// `{}` as the default: a route without `input` gets ctx.input with every part undefined.
// `const Rs` keeps the handler's literal answers ('ok') from widening to string before they are
// checked against the response schemas.
// `const A` keeps 'public' literal, so a handler of a signed-in route sees a defined actor.
export function route<
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  S extends InputSchemas = {},
  const Rs extends Responses = Responses,
  const A extends Access = Access,
>(spec: RouteSpec<S, Rs, A>): Route {
  if (Object.keys(spec.responses).length === 0) {
    throw new Error(`route ${spec.method.toUpperCase()} ${spec.path} declares no responses`);
  }
  return Object.freeze({
    ...spec,
    input: spec.input ?? {},
    errors: spec.errors ?? [],
    handler: spec.handler as unknown as Route['handler'],
  });
}

/** A service's routes, mounted under one base path and shown under one tag in the docs. */
export interface ApiModule {
  /** Tag in the docs, e.g. 'meals'. */
  name: string;
  /** Where the routes live, e.g. `${API_V1}/meals`. */
  basePath: string;
  routes: readonly Route[];
}

/** Versioned API routes live here; only health and docs sit beside it under /api. */
export const API_V1 = '/api/v1';

export function responseSchema(spec: ResponseSpec | undefined): z.ZodType | null {
  if (spec === undefined || spec === null) return null;
  return spec instanceof z.ZodType ? spec : spec.schema;
}

/**
 * Registers every route of every module on the router: authentication (per the route's `auth`)
 * first, so a stranger learns nothing from validation messages, then validation, then the handler.
 */
export function mountModules(
  router: Router<AppState>,
  modules: readonly ApiModule[],
  { authenticator = refuseAllAuthenticator }: { authenticator?: Authenticator } = {},
): void {
  for (const module of modules) {
    for (const r of module.routes) {
      const fullPath = joinPath(module.basePath, r.path);
      const label = `${r.method.toUpperCase()} ${fullPath}`;
      const statuses = Object.keys(r.responses)
        .map(Number)
        .sort((a, b) => a - b);
      const authenticate: Middleware<AppState> = async (ctx, next) => {
        ctx.state.actor = await authorizeRoute(r.auth, ctx.get('Authorization') || undefined, authenticator);
        return next();
      };
      router[r.method](label, fullPath, authenticate, validate(r.input), async (ctx) => {
        const routeCtx = ctx as unknown as RouteContext<InputSchemas>;
        ctx.status = statuses[0];
        const result = await r.handler(routeCtx);
        if (!(ctx.status in r.responses)) {
          throw new Error(`${label} answered ${ctx.status}, which it does not declare`);
        }
        const schema = responseSchema(r.responses[ctx.status]);
        if (!schema) {
          // No schema: either no body (204) or the handler wrote ctx.body itself (files, exports).
          if (result !== undefined) ctx.body = result;
          return;
        }
        const checked = schema.safeParse(result);
        if (!checked.success) {
          // A bug in our presenter, not the caller's fault: 500 (logged), never a half-checked body.
          throw new Error(`${label} response does not match its schema: ${z.prettifyError(checked.error)}`);
        }
        // Keep the status the handler chose; assigning a body would otherwise not change it.
        const status = ctx.status;
        ctx.body = checked.data;
        ctx.status = status;
      });
    }
  }
}

export function joinPath(base: string, path: string): string {
  const joined = `${base.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  return joined.length > 1 ? joined.replace(/\/+$/, '') : joined;
}
