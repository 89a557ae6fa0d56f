import { OAuth2Client } from 'google-auth-library';
import { delay, HttpResponse, http } from 'msw';
import { vertexGenerateContentUrl } from '../../src/ai/vertex-endpoint.ts';
import { server } from './msw.ts';

/** The Vertex AI coordinates every AI test uses. */
export const VERTEX = { project: 'lw-test-project', location: 'europe-west4', model: 'gemini-2.5-flash' } as const;

/** The exact URL @google/genai 3.1 POSTs generateContent to in Vertex mode for {@link VERTEX}. */
export const GENERATE_URL = vertexGenerateContentUrl(VERTEX.project, VERTEX.location, VERTEX.model);

/**
 * A google-auth-library client holding a fixed, unexpired access token: the SDK adds
 * `Authorization: Bearer test-access-token` without any network call or Application Default Credentials.
 */
export function createTestAuthClient(): OAuth2Client {
  const client = new OAuth2Client();
  client.setCredentials({ access_token: 'test-access-token', expiry_date: Date.parse('2999-01-01T00:00:00Z') });
  return client;
}

/** One scripted reply of the fake endpoint. */
export type VertexReply =
  | { text: string; inputTokens?: number; outputTokens?: number }
  | { functionCalls: Array<{ name: string; args: Record<string, unknown> }> }
  | { status: number }
  | { hang: true };

/** A generateContent response body as Vertex AI returns it. */
export function generateContentBody(reply: VertexReply): Record<string, unknown> {
  const parts =
    'text' in reply
      ? [{ text: reply.text }]
      : 'functionCalls' in reply
        ? reply.functionCalls.map((functionCall) => ({ functionCall }))
        : [];
  return {
    candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP' }],
    usageMetadata: {
      promptTokenCount: 'text' in reply ? (reply.inputTokens ?? 120) : 80,
      candidatesTokenCount: 'text' in reply ? (reply.outputTokens ?? 40) : 10,
    },
    modelVersion: VERTEX.model,
  };
}

/** What the fake endpoint saw: request bodies and the Authorization header of each request. */
export interface VertexRecorder {
  bodies: Array<Record<string, unknown>>;
  authorizations: Array<string | null>;
}

/**
 * Serves scripted replies in order on {@link GENERATE_URL} (msw); a request beyond the script fails the
 * test with HTTP 599. Error replies carry a Google-style error body.
 */
export function useFakeVertex(replies: readonly VertexReply[]): VertexRecorder {
  const recorder: VertexRecorder = { bodies: [], authorizations: [] };
  let next = 0;
  server.use(
    http.post(GENERATE_URL, async ({ request }) => {
      recorder.bodies.push((await request.json()) as Record<string, unknown>);
      recorder.authorizations.push(request.headers.get('authorization'));
      const reply = replies[next++];
      if (reply === undefined) return HttpResponse.json({ error: { message: 'unscripted request' } }, { status: 599 });
      if ('hang' in reply) {
        await delay('infinite');
        return HttpResponse.json({});
      }
      if ('status' in reply)
        return HttpResponse.json(
          { error: { code: reply.status, message: 'scripted failure', status: 'UNAVAILABLE' } },
          { status: reply.status },
        );
      return HttpResponse.json(generateContentBody(reply));
    }),
  );
  return recorder;
}
