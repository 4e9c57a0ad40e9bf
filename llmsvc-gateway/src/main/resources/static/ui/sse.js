// Streams over server-sent events with fetch + ReadableStream: /v1/chat/completions (stream: true) and the document
// agent's answers (/api/documents/answer with stream: true).
import { csrfHeaders, errorOf, ApiError } from './api.js';

/** POSTs body as JSON asking for an event stream; rejects with ApiError when the answer is an HTTP error. */
async function post(path, body, signal) {
  const res = await fetch(path, {
    method: 'POST', credentials: 'same-origin', signal,
    headers: { 'Content-Type': 'application/json', Accept: 'text/event-stream', ...csrfHeaders() },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw await errorOf(res);
  return res;
}

/** The data of each event of the response, as it arrives. */
async function* events(res) {
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buf.indexOf('\n\n')) >= 0) {
      const event = buf.slice(0, cut);
      buf = buf.slice(cut + 2);
      const data = event.split('\n').filter(l => l.startsWith('data:')).map(l => l.slice(5).trimStart()).join('\n');
      if (data) yield data;
    }
  }
}

/**
 * Sends a streaming chat completion; calls onDelta(text) for every content piece. Resolves with
 * {text, finishReason, usage} at [DONE]; an abort (the stop button) resolves with finishReason 'stopped'.
 * HTTP errors and errors sent inside the stream reject with ApiError.
 */
export async function streamChat(body, { signal, onDelta }) {
  const res = await post('/v1/chat/completions', { ...body, stream: true, stream_options: { include_usage: true } }, signal);
  let text = '', finishReason = null, usage = null;
  try {
    for await (const data of events(res)) {
      if (data === '[DONE]') return { text, finishReason, usage };
      const chunk = JSON.parse(data);
      if (chunk.error) throw new ApiError(200, chunk.error.code, chunk.error.message, null);
      if (chunk.usage) usage = chunk.usage;
      for (const c of chunk.choices ?? []) {
        if (c.delta?.content) { text += c.delta.content; onDelta(c.delta.content, text); }
        if (c.finish_reason) finishReason = c.finish_reason;
      }
    }
  } catch (e) {
    if (e.name === 'AbortError') return { text, finishReason: 'stopped', usage };
    throw e;
  }
  return { text, finishReason: finishReason ?? 'stopped', usage };
}

/**
 * Asks the document agent with a streamed answer; calls onDelta(piece, textSoFar) as the text grows. Resolves with
 * the done event: the whole answer as the unstreamed route returns it (answer, citations, method, reason, model,
 * usage). HTTP errors and errors sent inside the stream reject with ApiError; an abort rejects with the AbortError.
 */
export async function streamAnswer(body, { signal, onDelta }) {
  const res = await post('/api/documents/answer', { ...body, stream: true }, signal);
  let text = '';
  for await (const data of events(res)) {
    const e = JSON.parse(data);
    if (e.type === 'delta') { text += e.text; onDelta(e.text, text); }
    else if (e.type === 'error') throw new ApiError(200, e.error?.code, e.error?.message, null);
    else if (e.type === 'done') { const { type, ...answer } = e; return answer; }
  }
  throw new ApiError(502, 'upstream_error', 'the answer ended early', null);
}
