package io.llmsvc.testkit.gguf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * A little-endian GGUF v3 writer: metadata key/values (scalars, strings and arrays), tensor infos and tensor data,
 * every tensor aligned to {@value #ALIGNMENT} bytes. Tensor bytes are streamed from {@link TensorData} callbacks
 * straight to the file, so multi-gigabyte models never sit in the heap.
 *
 * <p>Layout: {@code "GGUF"}, u32 version, u64 tensor count, u64 kv count, the kvs, the tensor infos, zero padding to
 * the alignment, then the data section (offsets in tensor infos are relative to its start).
 */
public final class GgufWriter {
    public static final int VERSION = 3;
    public static final int ALIGNMENT = 32;

    /** GGUF metadata value types (the u32 written before each value). */
    static final int T_U8 = 0, T_I8 = 1, T_U16 = 2, T_I16 = 3, T_U32 = 4, T_I32 = 5, T_F32 = 6, T_BOOL = 7,
            T_STRING = 8, T_ARRAY = 9, T_U64 = 10, T_I64 = 11, T_F64 = 12;

    /** ggml tensor types this writer can size; Q8_0 packs 32 values as an f16 scale plus 32 int8. */
    public enum TensorType {
        F32(0, 1, 4), F16(1, 1, 2), Q8_0(8, 32, 34);

        final int id;
        final int blockElements;
        final int blockBytes;

        TensorType(int id, int blockElements, int blockBytes) {
            this.id = id;
            this.blockElements = blockElements;
            this.blockBytes = blockBytes;
        }

        /** ggml type id as written in tensor infos. */
        public int id() { return id; }

        /** Bytes one row of {@code ne0} values takes; ne0 must be a multiple of the block size. */
        public long rowBytes(long ne0) {
            if (ne0 % blockElements != 0) {
                throw new IllegalArgumentException(this + " rows need a multiple of " + blockElements + " values, not " + ne0);
            }
            return ne0 / blockElements * blockBytes;
        }
    }

    /** Writes exactly {@code bytes} bytes of one tensor's data. */
    @FunctionalInterface
    public interface TensorData {
        void write(WritableByteChannel out, long bytes) throws IOException;
    }

    private record Tensor(String name, TensorType type, long[] dims, long bytes, TensorData data) {}

    private final Le kv = new Le();
    private int kvCount;
    private final List<Tensor> tensors = new ArrayList<>();

    public GgufWriter putString(String key, String value) {
        key(key, T_STRING).string(value);
        return this;
    }

    public GgufWriter putU32(String key, long value) {
        key(key, T_U32).i32((int) value);
        return this;
    }

    public GgufWriter putI32(String key, int value) {
        key(key, T_I32).i32(value);
        return this;
    }

    public GgufWriter putU64(String key, long value) {
        key(key, T_U64).i64(value);
        return this;
    }

    public GgufWriter putF32(String key, float value) {
        key(key, T_F32).i32(Float.floatToRawIntBits(value));
        return this;
    }

    public GgufWriter putBool(String key, boolean value) {
        key(key, T_BOOL).u8(value ? 1 : 0);
        return this;
    }

    public GgufWriter putStrings(String key, List<String> values) {
        key(key, T_ARRAY).i32(T_STRING).i64(values.size());
        for (String v : values) kv.string(v);
        return this;
    }

    public GgufWriter putI32s(String key, int[] values) {
        key(key, T_ARRAY).i32(T_I32).i64(values.length);
        for (int v : values) kv.i32(v);
        return this;
    }

    public GgufWriter putF32s(String key, float[] values) {
        key(key, T_ARRAY).i32(T_F32).i64(values.length);
        for (float v : values) kv.i32(Float.floatToRawIntBits(v));
        return this;
    }

    /**
     * Adds a tensor. {@code dims} start with ne0, the row length (GGUF order); its data size follows from the type.
     */
    public GgufWriter addTensor(String name, TensorType type, long[] dims, TensorData data) {
        long rows = 1;
        for (int i = 1; i < dims.length; i++) rows *= dims[i];
        tensors.add(new Tensor(name, type, dims.clone(), type.rowBytes(dims[0]) * rows, data));
        return this;
    }

    public int kvCount() { return kvCount; }

    public int tensorCount() { return tensors.size(); }

    /** Writes the file (replacing it) and returns its size in bytes. */
    public long write(Path file) throws IOException {
        Le head = new Le();
        head.raw("GGUF".getBytes(StandardCharsets.US_ASCII)).i32(VERSION).i64(tensors.size()).i64(kvCount);
        head.raw(kv.toByteArray());
        long offset = 0;
        for (Tensor t : tensors) {
            head.string(t.name).i32(t.dims.length);
            for (long d : t.dims) head.i64(d);
            head.i32(t.type.id).i64(offset);
            offset = align(offset + t.bytes);
        }
        head.raw(new byte[(int) (align(head.size()) - head.size())]);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.wrap(head.toByteArray()));
            long dataStart = out.position();
            for (Tensor t : tensors) {
                long before = out.position();
                t.data.write(out, t.bytes);
                long written = out.position() - before;
                if (written != t.bytes) {
                    throw new IllegalStateException("tensor " + t.name + " wrote " + written + " bytes, expected " + t.bytes);
                }
                long pad = align(written) - written;
                if (pad > 0) writeFully(out, ByteBuffer.allocate((int) pad));
            }
            return dataStart + offset;
        }
    }

    static long align(long n) {
        return (n + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
    }

    /** Writes all of {@code buf} (a channel may write less than asked). */
    public static void writeFully(WritableByteChannel out, ByteBuffer buf) throws IOException {
        while (buf.hasRemaining()) out.write(buf);
    }

    /** Tensor data of one repeated value (norm weights of 1.0, zero tensors). */
    public static TensorData constantF32(float value) {
        return (out, bytes) -> {
            ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(bytes, 1 << 16)).order(ByteOrder.LITTLE_ENDIAN);
            while (chunk.hasRemaining()) chunk.putFloat(value);
            long left = bytes;
            while (left > 0) {
                chunk.clear().limit((int) Math.min(left, chunk.capacity()));
                writeFully(out, chunk);
                left -= chunk.limit();
            }
        };
    }

    private Le key(String key, int type) {
        if (key == null || key.isEmpty()) throw new IllegalArgumentException("empty key");
        kvCount++;
        return kv.string(key).i32(type);
    }

    /** A growable little-endian byte buffer for the header. */
    private static final class Le extends ByteArrayOutputStream {
        Le u8(int v) {
            write(v);
            return this;
        }

        Le i32(int v) {
            for (int i = 0; i < 4; i++) write(v >>> (8 * i));
            return this;
        }

        Le i64(long v) {
            for (int i = 0; i < 8; i++) write((int) (v >>> (8 * i)));
            return this;
        }

        Le string(String s) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            i64(b.length);
            return raw(b);
        }

        Le raw(byte[] b) {
            write(b, 0, b.length);
            return this;
        }
    }

    /** True when the file starts with the GGUF magic (a cheap check for callers and tests). */
    public static boolean looksLikeGguf(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] magic = in.readNBytes(4);
            return new String(magic, StandardCharsets.US_ASCII).equals("GGUF");
        }
    }
}
