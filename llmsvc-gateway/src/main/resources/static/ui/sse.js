// Streams /v1/chat/completions (stream: true) with fetch + ReadableStream and parses the SSE events.
import { csrfHeaders, errorOf, ApiError } from './api.js';

/**
 * Sends a streaming chat completion; calls onDelta(text) for every content piece. Resolves with
 * {text, finishReason, usage} at [DONE]; an abort (the stop button) resolves with finishReason 'stopped'.
 * HTTP errors and errors sent inside the stream reject with ApiError.
 */
export async function streamChat(body, { signal, onDelta }) {
  const res = await fetch('/v1/chat/completions', {
    method: 'POST', credentials: 'same-origin', signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...csrfHeaders() },
    body: JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }),
  });
  if (!res.ok) throw await errorOf(res);
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '', text = '', finishReason = null, usage = null;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += decoder.decode(value, { stream: true });
      let cut;
      while ((cut = buf.indexOf('\n\n')) >= 0) {
        const event = buf.slice(0, cut);
        buf = buf.slice(cut + 2);
        const data = event.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
        if (!data) continue;
        if (data === '[DONE]') return { text, finishReason, usage };
        const chunk = JSON.parse(data);
        if (chunk.error) throw new ApiError(200, chunk.error.code, chunk.error.message, null);
        if (chunk.usage) usage = chunk.usage;
        for (const c of chunk.choices ?? []) {
          if (c.delta?.content) { text += c.delta.content; onDelta(c.delta.content, text); }
          if (c.finish_reason) finishReason = c.finish_reason;
        }
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return { text, finishReason: 'stopped', usage };
    throw e;
  }
  return { text, finishReason: finishReason ?? 'stopped', usage };
}
