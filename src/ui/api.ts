/** The API with the session cookie: the CSRF token on every write; a lost session sends the user to the login page. */
export type Role = "reader" | "scanner" | "admin";

export class ApiError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

interface SessionState {
  role: Role | null;
  csrf: string;
  expiresAt: number;
}

export const session: SessionState = { role: null, csrf: "", expiresAt: 0 };

export const isAdmin = (): boolean => session.role === "admin";

export const apiUrl = (path: string): string => `/api/v1${path}`;

let onLost: () => void = () => undefined;
export function onSessionLost(fn: () => void): void {
  onLost = fn;
}

async function problemOf(res: Response): Promise<ApiError> {
  let detail = res.statusText;
  try {
    const p = (await res.json()) as { detail?: string; title?: string };
    detail = p.detail ?? p.title ?? detail;
  } catch {
    /* not JSON */
  }
  return new ApiError(res.status, detail);
}

export async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  if (method !== "GET" && session.csrf) headers["x-csrf-token"] = session.csrf;
  const res = await fetch(apiUrl(path), { method, headers, credentials: "same-origin", ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
  if (res.status === 401 && path !== "/session") {
    session.role = null;
    onLost();
  }
  if (!res.ok) throw await problemOf(res);
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const get = <T>(path: string): Promise<T> => call<T>("GET", path);

/** GET that answers undefined on the given statuses (a route another version of the server may lack). */
export async function getOr<T>(path: string, statuses: readonly number[]): Promise<T | undefined> {
  try {
    return await get<T>(path);
  } catch (err) {
    if (err instanceof ApiError && statuses.includes(err.status)) return undefined;
    throw err;
  }
}

export async function login(token: string): Promise<void> {
  const s = await call<{ role: Role; csrf: string; expiresAt: number }>("POST", "/session", { token });
  Object.assign(session, { role: s.role, csrf: s.csrf, expiresAt: s.expiresAt });
}

/** The session of the cookie, if it is live (GET /session answers 200 either way: no error on the login page). */
export async function restore(): Promise<boolean> {
  try {
    const s = await get<{ authenticated: boolean; role?: Role; csrf?: string; expiresAt?: number }>("/session");
    if (!s.authenticated || !s.role) return false;
    Object.assign(session, { role: s.role, csrf: s.csrf ?? "", expiresAt: s.expiresAt ?? 0 });
    return true;
  } catch {
    return false;
  }
}

export async function logout(): Promise<void> {
  await call("DELETE", "/session").catch(() => undefined);
  Object.assign(session, { role: null, csrf: "", expiresAt: 0 });
}

export const enc = encodeURIComponent;
