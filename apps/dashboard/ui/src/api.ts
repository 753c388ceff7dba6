/** An answer other than 2xx, with the dashboard's error body (`{ error: { code, field, message } }`). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field: string | null,
  ) {
    super(message);
  }
}

/** The session ended (or was never there): back to the login form, returning to this view. */
function toLogin(): never {
  const next = `/${window.location.hash}`;
  window.location.assign(`/login?next=${encodeURIComponent(next)}`);
  throw new ApiError(401, "unauthorized", "log in again", "cookie");
}

/** A JSON call to the dashboard with the session cookie. */
export async function api<T>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  const response = await fetch(path, {
    method: init.method ?? "GET",
    credentials: "same-origin",
    headers: {
      accept: "application/json",
      ...(init.body === undefined ? {} : { "content-type": "application/json" }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  if (response.status === 401) toLogin();
  const text = await response.text();
  const body: unknown = text === "" ? undefined : JSON.parse(text);
  if (!response.ok) {
    const error = (body as { error?: { code?: string; message?: string; field?: string | null } } | undefined)
      ?.error;
    throw new ApiError(
      response.status,
      error?.code ?? "unknown",
      error?.message ?? `HTTP ${response.status}`,
      error?.field ?? null,
    );
  }
  return body as T;
}

/**
 * The route itself is not there (the kit's `not-found` for an unknown path): an API this dashboard does not
 * serve yet, as opposed to a 404 about a thing (`simulation-not-found`).
 */
export function isMissingRoute(error: unknown): boolean {
  return error instanceof ApiError && error.status === 404 && error.code === "not-found";
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
