package io.llmsvc.worker.gguf;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * Buffered little-endian reads from a file channel with an absolute position, so a reader can skip values and come
 * back to them. Every length is checked against the bytes left in the file before anything is allocated.
 */
final class GgufInput {
    private final FileChannel channel;
    private final long size;
    private final ByteBuffer buf = ByteBuffer.allocate(64 * 1024).order(ByteOrder.LITTLE_ENDIAN);
    private long bufStart; // file position of buf[0]

    GgufInput(FileChannel channel) throws IOException {
        this.channel = channel;
        this.size = channel.size();
        buf.limit(0);
    }

    long position() { return bufStart + buf.position(); }

    long remaining() { return size - position(); }

    void seek(long pos) throws IOException {
        if (pos < 0 || pos > size) throw new EOFException("seek beyond the end of the file");
        if (pos >= bufStart && pos <= bufStart + buf.limit()) {
            buf.position((int) (pos - bufStart));
        } else {
            bufStart = pos;
            buf.limit(0);
        }
    }

    void skip(long n) throws IOException {
        if (n < 0 || n > remaining()) throw new EOFException("truncated: a value needs " + n + " bytes, " + remaining() + " left");
        seek(position() + n);
    }

    private void need(int n) throws IOException {
        if (buf.remaining() >= n) return;
        if (n > remaining()) throw new EOFException("truncated file: " + n + " more bytes needed at offset " + position());
        long pos = position();
        buf.compact(); // unread bytes move to the front; fill behind them
        bufStart = pos;
        while (buf.position() < n) {
            int r = channel.read(buf, bufStart + buf.position());
            if (r < 0) throw new EOFException("truncated file at offset " + pos);
        }
        buf.flip();
    }

    int u8() throws IOException {
        need(1);
        return buf.get() & 0xFF;
    }

    int i32() throws IOException {
        need(4);
        return buf.getInt();
    }

    long u32() throws IOException {
        return Integer.toUnsignedLong(i32());
    }

    long i64() throws IOException {
        need(8);
        return buf.getLong();
    }

    float f32() throws IOException {
        need(4);
        return buf.getFloat();
    }

    double f64() throws IOException {
        need(8);
        return buf.getDouble();
    }

    /** A string of at most {@code max} bytes; longer ones are an error (a corrupt length must not allocate). */
    String string(int max) throws IOException {
        long len = i64();
        if (len < 0 || len > remaining()) throw new EOFException("truncated: string of " + len + " bytes at offset " + position());
        if (len > max) throw new IOException("string of " + len + " bytes at offset " + position() + " exceeds " + max);
        byte[] b = new byte[(int) len];
        int off = 0;
        while (off < b.length) {
            need(Math.min(b.length - off, buf.capacity()));
            int n = Math.min(buf.remaining(), b.length - off);
            buf.get(b, off, n);
            off += n;
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    /** Skips a string without reading it. */
    void skipString() throws IOException {
        long len = i64();
        skip(len);
    }
}
