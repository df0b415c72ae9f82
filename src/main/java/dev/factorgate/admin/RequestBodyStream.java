package dev.factorgate.admin;

import io.vertx.core.Context;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;

/**
 * A bounded pipe from a Vert.x read stream (an upload, on its event loop) to a blocking {@link
 * InputStream} (read by a worker thread feeding PostgreSQL's COPY). When more than {@link #HIGH}
 * bytes wait, the request is paused; once the reader has taken them down to {@link #LOW}, it is
 * resumed on its event loop. So an upload of any size needs a few megabytes, and a slow database
 * slows the client instead of filling the heap.
 */
final class RequestBodyStream extends InputStream {

  static final long HIGH = 4L * 1024 * 1024;
  static final long LOW = 1024 * 1024;

  private final Context context;
  private final ReadStream<Buffer> source;
  private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
  private long queued;
  private boolean paused;
  private boolean ended;
  private boolean abandoned;
  private Throwable failure;
  private byte[] current;
  private int pos;

  RequestBodyStream(Context context, ReadStream<Buffer> source) {
    this.context = context;
    this.source = source;
  }

  /** Starts reading the source; call on its event loop, before it can deliver data. */
  RequestBodyStream start() {
    source.handler(this::push);
    source.endHandler(v -> end());
    source.exceptionHandler(this::fail);
    source.resume();
    return this;
  }

  private synchronized void push(Buffer b) {
    if (abandoned) {
      return;
    }
    chunks.add(b.getBytes());
    queued += b.length();
    if (queued > HIGH && !paused) {
      paused = true;
      source.pause();
    }
    notifyAll();
  }

  private synchronized void end() {
    ended = true;
    notifyAll();
  }

  private synchronized void fail(Throwable t) {
    if (failure == null) {
      failure = t;
    }
    notifyAll();
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (current == null || pos == current.length) {
      if (!take()) {
        return -1;
      }
    }
    int n = Math.min(len, current.length - pos);
    System.arraycopy(current, pos, b, off, n);
    pos += n;
    return n;
  }

  private synchronized boolean take() throws IOException {
    while (chunks.isEmpty()) {
      if (failure != null) {
        throw new IOException("the upload broke off", failure);
      }
      if (ended) {
        return false;
      }
      try {
        wait();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted", e);
      }
    }
    current = chunks.poll();
    pos = 0;
    queued -= current.length;
    if (paused && queued < LOW) {
      paused = false;
      context.runOnContext(v -> source.resume());
    }
    return true;
  }

  /**
   * Stops buffering: whatever the client still sends is read and dropped, so that the answer (an
   * error, usually) reaches it instead of both sides waiting.
   */
  @Override
  public synchronized void close() {
    if (!abandoned) {
      abandoned = true;
      chunks.clear();
      queued = 0;
      if (paused) {
        paused = false;
        context.runOnContext(v -> source.resume());
      }
    }
  }
}
