/**
 * The Vertex AI (Gemini Enterprise Agent Platform) REST endpoint @google/genai 3.1 calls in Vertex mode:
 * `https://{location}-aiplatform.googleapis.com`, or `https://aiplatform.googleapis.com` for `global`.
 * generateContent is `POST {endpoint}/v1beta1/projects/{project}/locations/{location}/publishers/google/models/{model}:generateContent`.
 */
export function vertexEndpoint(location: string): string {
  return location === 'global' ? 'https://aiplatform.googleapis.com' : `https://${location}-aiplatform.googleapis.com`;
}

/** The generateContent URL for a project, location and model (used by tests and docs). */
export function vertexGenerateContentUrl(project: string, location: string, model: string): string {
  return `${vertexEndpoint(location)}/v1beta1/projects/${encodeURIComponent(project)}/locations/${encodeURIComponent(location)}/publishers/google/models/${model}:generateContent`;
}
