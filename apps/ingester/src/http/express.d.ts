/**
 * The part of Express 5 this app uses, typed here because the workspace does not install @types/express.
 * Delete this file once @types/express is a devDependency: the real types are a superset of these.
 */
declare module "express" {
  import type { IncomingMessage, ServerResponse } from "node:http";

  namespace express {
    interface Request extends IncomingMessage {
      /** Set by a body parser; undefined when the route has none or the request had no body. */
      body: unknown;
      readonly path: string;
      readonly method: string;
    }

    interface Response extends ServerResponse {
      locals: Record<string, unknown>;
      status(code: number): this;
      set(field: string, value: string): this;
      type(contentType: string): this;
      send(body?: string | Buffer): this;
      json(body: unknown): this;
    }

    type NextFunction = (error?: unknown) => void;
    type RequestHandler = (request: Request, response: Response, next: NextFunction) => unknown;
    type ErrorRequestHandler = (
      error: unknown,
      request: Request,
      response: Response,
      next: NextFunction,
    ) => unknown;

    interface RawOptions {
      /** Bytes, or a string such as "64kb". Larger bodies fail with a 413 error (`type` "entity.too.large"). */
      limit?: number | string;
      type?: string | readonly string[] | ((request: Request) => boolean);
      inflate?: boolean;
    }

    interface Express {
      (request: IncomingMessage, response: ServerResponse): void;
      disable(setting: string): this;
      use(...handlers: (RequestHandler | ErrorRequestHandler)[]): this;
      get(path: string, ...handlers: RequestHandler[]): this;
      post(path: string, ...handlers: RequestHandler[]): this;
      put(path: string, ...handlers: RequestHandler[]): this;
      patch(path: string, ...handlers: RequestHandler[]): this;
      delete(path: string, ...handlers: RequestHandler[]): this;
    }

    function raw(options?: RawOptions): RequestHandler;
  }

  function express(): express.Express;

  export = express;
}
