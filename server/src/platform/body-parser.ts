/**
 * Request bodies: JSON and urlencoded forms only, each with a size limit. Parser failures become
 * our own errors here, so a broken or oversized body is a clear 4xx and never a 500.
 */
import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';
import { BadRequest, MalformedJson, PayloadTooLarge, UnsupportedMediaType } from './errors';

export function parseBodies({ jsonLimit, formLimit }: { jsonLimit: string; formLimit: string }): Middleware {
  return bodyParser({
    enableTypes: ['json', 'form'],
    jsonLimit,
    formLimit,
    // Only objects and arrays: a bare "string" body is almost always a client bug.
    jsonStrict: true,
    // DELETE too: some deletions carry a confirmation in the body (DELETE /me { confirm }).
    parsedMethods: ['POST', 'PUT', 'PATCH', 'DELETE'],
    onError(err, ctx) {
      const { status, type } = err as Error & { status?: number; type?: string };
      if (status === 413 || type === 'entity.too.large') {
        throw PayloadTooLarge(ctx.is('json') ? jsonLimit : formLimit);
      }
      if (status === 415 || type === 'encoding.unsupported' || type === 'charset.unsupported') {
        throw UnsupportedMediaType(ctx.get('Content-Type'));
      }
      if (err instanceof SyntaxError || type === 'entity.parse.failed') throw MalformedJson();
      // Aborted uploads, wrong Content-Length and the like.
      throw BadRequest({
        'zh-CN': '请求体不完整或长度不符',
        en: 'the request body is incomplete or its length is wrong',
      });
    },
  });
}
