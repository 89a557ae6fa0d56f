import type { FakeJiraState } from './types.ts';

/** A request after auth: the caller is the account the basic-auth credentials belong to. */
export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  callerAccountId: string;
  match: RegExpExecArray;
}

export interface FakeReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

/** One REST endpoint of the fake: method + path pattern (anchored, on the path without query). */
export interface FakeRoute {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  pattern: RegExp;
  handle: (state: FakeJiraState, request: FakeRequest) => FakeReply;
}

/** Jira's ErrorCollection reply. */
export function errorReply(status: number, errorMessages: string[], errors: Record<string, string> = {}): FakeReply {
  return { status, body: { errorMessages, errors } };
}

export function notFoundIssue(): FakeReply {
  return errorReply(404, ['Issue does not exist or you do not have permission to see it.']);
}

/** Allocates the next numeric id (as Jira, a string of digits). */
export function nextId(state: FakeJiraState): string {
  state.nextId += 1;
  return String(state.nextId);
}

/** Advances the fake clock one second and returns it in Jira's time format. */
export function tick(state: FakeJiraState): string {
  state.now += 1000;
  return new Date(state.now).toISOString().replace('Z', '+0000');
}
