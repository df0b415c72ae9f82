package dev.factorgate.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** Reads a body into memory, but never more than a limit: login answers are small, attackers' are not. */
final class BoundedBody {

  /** The body was larger than the limit. */
  static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super("body larger than the inspection limit", null, false, false);
    }
  }

  private BoundedBody() {}

  static Future<Buffer> read(ReadStream<Buffer> stream, long declaredLength, long limit) {
    if (declaredLength > limit) {
      return Future.failedFuture(new TooLarge());
    }
    Promise<Buffer> done = Promise.promise();
    Buffer acc = Buffer.buffer((int) Math.max(256, Math.min(declaredLength, limit)));
    boolean[] over = {false};
    stream.exceptionHandler(done::tryFail);
    stream.handler(
        chunk -> {
          if (over[0]) {
            return; // drain, so the connection can be reused; the answer is already decided
          }
          if (acc.length() + chunk.length() > limit) {
            over[0] = true;
            done.tryFail(new TooLarge());
          } else {
            acc.appendBuffer(chunk);
          }
        });
    stream.endHandler(v -> done.tryComplete(acc));
    stream.resume();
    return done.future();
  }
}
