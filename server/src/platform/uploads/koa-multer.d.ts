/**
 * Types for @koa/multer (it ships none; @types/koa__multer augments every Koa context with a
 * `file` that is not there on other routes). Only what routes.ts uses: multer's own options and
 * storage types, and a Koa middleware that puts the parsed file on ctx.file.
 */
declare module '@koa/multer' {
  import type { Middleware } from 'koa';
  import type { Options, StorageEngine } from 'multer';

  interface KoaMulter {
    single(fieldName: string): Middleware;
  }

  function multer(options?: Options): KoaMulter;
  namespace multer {
    function memoryStorage(): StorageEngine;
  }
  export = multer;
}
