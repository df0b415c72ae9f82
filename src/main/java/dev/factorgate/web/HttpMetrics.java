package dev.factorgate.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.VertxOptions;
import io.vertx.core.datagram.DatagramSocketOptions;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.ServerWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.metrics.MetricsOptions;
import io.vertx.core.net.NetClientOptions;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.spi.VertxMetricsFactory;
import io.vertx.core.spi.metrics.ClientMetrics;
import io.vertx.core.spi.metrics.DatagramSocketMetrics;
import io.vertx.core.spi.metrics.EventBusMetrics;
import io.vertx.core.spi.metrics.HttpClientMetrics;
import io.vertx.core.spi.metrics.HttpServerMetrics;
import io.vertx.core.spi.metrics.PoolMetrics;
import io.vertx.core.spi.metrics.TCPMetrics;
import io.vertx.core.spi.metrics.VertxMetrics;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.core.spi.observability.HttpResponse;
import io.vertx.micrometer.MetricsNaming;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Vert.x metrics for Prometheus: vertx-micrometer-metrics for everything, except the per-request
 * HTTP server and client meters, which are recorded here into meters looked up once per method and
 * status instead of once per request (vertx-micrometer-metrics 5.0.10 builds tags and looks meters
 * up in the registry several times per request, a fifth of the passthrough's CPU time). Names,
 * tags and meaning are those of vertx-micrometer-metrics with its default labels (method, code):
 * {@code vertx_http_server_requests_total}, {@code vertx_http_server_response_time_seconds},
 * {@code vertx_http_client_requests_total}, {@code vertx_http_client_responses_total}, …
 * Connections, bytes and pools still come from vertx-micrometer-metrics.
 */
public final class HttpMetrics implements VertxMetricsFactory {

  private final MicrometerMetricsFactory micrometer;
  private final MeterRegistry registry;

  public HttpMetrics(MeterRegistry registry) {
    this.micrometer = new MicrometerMetricsFactory(registry);
    this.registry = registry;
  }

  @Override
  public VertxMetrics metrics(VertxOptions options) {
    MetricsOptions m = options.getMetricsOptions();
    MetricsNaming naming =
        m instanceof MicrometerMetricsOptions mm ? mm.getMetricsNaming() : MicrometerMetricsOptions.DEFAULT_METRICS_NAMING;
    return new Metrics(micrometer.metrics(options), registry, naming);
  }

  @Override
  public MetricsOptions newOptions() {
    return micrometer.newOptions();
  }

  @Override
  public MetricsOptions newOptions(MetricsOptions options) {
    return micrometer.newOptions(options);
  }

  @Override
  public MetricsOptions newOptions(io.vertx.core.json.JsonObject json) {
    return micrometer.newOptions(json);
  }

  /** Delegates everything to vertx-micrometer-metrics but the HTTP request meters. */
  private static final class Metrics implements VertxMetrics {
    private final VertxMetrics inner;
    private final MeterRegistry registry;
    private final MetricsNaming naming;

    Metrics(VertxMetrics inner, MeterRegistry registry, MetricsNaming naming) {
      this.inner = inner;
      this.registry = registry;
      this.naming = naming;
    }

    @Override
    public HttpServerMetrics<?, ?, ?> createHttpServerMetrics(HttpServerOptions options, SocketAddress localAddress) {
      return new Server(inner.createHttpServerMetrics(options, localAddress), new Meters(registry, naming.withBaseName("vertx.http.server."), true));
    }

    @Override
    public HttpClientMetrics<?, ?, ?> createHttpClientMetrics(HttpClientOptions options) {
      return new Client(inner.createHttpClientMetrics(options), new Meters(registry, naming.withBaseName("vertx.http.client."), false));
    }

    @Override
    public EventBusMetrics<?> createEventBusMetrics() {
      return inner.createEventBusMetrics();
    }

    @Override
    public ClientMetrics<?, ?, ?> createClientMetrics(SocketAddress remoteAddress, String type, String namespace) {
      return inner.createClientMetrics(remoteAddress, type, namespace);
    }

    @Override
    public TCPMetrics<?> createNetServerMetrics(NetServerOptions options, SocketAddress localAddress) {
      return inner.createNetServerMetrics(options, localAddress);
    }

    @Override
    public TCPMetrics<?> createNetClientMetrics(NetClientOptions options) {
      return inner.createNetClientMetrics(options);
    }

    @Override
    public DatagramSocketMetrics createDatagramSocketMetrics(DatagramSocketOptions options) {
      return inner.createDatagramSocketMetrics(options);
    }

    @Override
    public PoolMetrics<?, ?> createPoolMetrics(String type, String name, int maxSize) {
      return inner.createPoolMetrics(type, name, maxSize);
    }

    @Override
    public void vertxCreated(io.vertx.core.Vertx vertx) {
      inner.vertxCreated(vertx);
    }

    @Override
    public boolean isMetricsEnabled() {
      return inner.isMetricsEnabled();
    }

    @Override
    public void close() {
      inner.close();
    }
  }

  /** The meters of one side (server or client), resolved once per method and status code. */
  static final class Meters {
    private final MeterRegistry registry;
    private final MetricsNaming names;
    private final boolean server;
    private final ConcurrentHashMap<String, ByMethod> byMethod = new ConcurrentHashMap<>();

    private static final java.util.Set<String> STANDARD_METHODS =
        java.util.Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH");

    Meters(MeterRegistry registry, MetricsNaming names, boolean server) {
      this.registry = registry;
      this.names = names;
      this.server = server;
    }

    ByMethod of(HttpRequest request) {
      // any token is a method to the HTTP parser: only the standard ones get meters of their own,
      // so that made-up methods cannot grow the registry without bound
      String name = request.method().name();
      ByMethod m = byMethod.get(name); // holds standard methods and OTHER only: a hit needs no check
      if (m != null) {
        return m;
      }
      String method = STANDARD_METHODS.contains(name) ? name : "OTHER";
      return byMethod.computeIfAbsent(method, ByMethod::new);
    }

    /** Meters tagged with one method. */
    final class ByMethod {
      final String method;
      final LongAdder active = new LongAdder();
      final Counter requests; // client only: counted when sent
      final DistributionSummary requestBytes;
      final Counter resets; // server only
      private final AtomicReferenceArray<ByStatus> byStatus = new AtomicReferenceArray<>(600);

      ByMethod(String method) {
        this.method = method;
        Gauge.builder(names.getHttpActiveRequests(), active, LongAdder::doubleValue)
            .description(server ? "Number of requests being processed" : "Number of requests waiting for a response")
            .tag("method", method)
            .strongReference(true)
            .register(registry);
        requests =
            server ? null : Counter.builder(names.getHttpRequestsCount()).description("Number of requests sent").tag("method", method).register(registry);
        requestBytes =
            DistributionSummary.builder(names.getHttpRequestBytes()).description("Size of requests in bytes").tag("method", method).register(registry);
        resets =
            server
                ? Counter.builder(names.getHttpRequestResetsCount()).description("Number of request resets").tag("method", method).register(registry)
                : null;
      }

      ByStatus status(int code) {
        int i = code >= 0 && code < 600 ? code : 0;
        ByStatus s = byStatus.get(i);
        if (s == null) {
          s = new ByStatus(method, code);
          byStatus.compareAndSet(i, null, s);
          s = byStatus.get(i);
        }
        return s;
      }

      /** Meters tagged with method and status code. */
      final class ByStatus {
        final Counter count;
        final Timer time;
        final DistributionSummary bytes;

        ByStatus(String method, int code) {
          String c = String.valueOf(code);
          count =
              Counter.builder(server ? names.getHttpRequestsCount() : names.getHttpResponsesCount())
                  .description(server ? "Number of processed requests" : "Response count with codes")
                  .tags("method", method, "code", c)
                  .register(registry);
          time =
              Timer.builder(names.getHttpResponseTime())
                  .description(server ? "Request processing time" : "Response time")
                  .tags("method", method, "code", c)
                  .register(registry);
          bytes =
              DistributionSummary.builder(names.getHttpResponseBytes())
                  .description("Size of responses in bytes")
                  .tags("method", method, "code", c)
                  .register(registry);
        }
      }
    }
  }

  /** One request in flight, on either side. */
  static final class Request {
    final Meters.ByMethod meters;
    final long start = System.nanoTime();
    int status;
    boolean requestEnded;
    boolean responseEnded;
    boolean reset;

    Request(Meters.ByMethod meters) {
      this.meters = meters;
      meters.active.increment();
    }

    /** Both halves ended, or the request was reset: no longer active. */
    void done(boolean request) {
      boolean wasActive = !reset && !(requestEnded && responseEnded);
      if (request) {
        requestEnded = true;
      } else {
        responseEnded = true;
      }
      if (wasActive && requestEnded && responseEnded) {
        meters.active.decrement();
      }
    }

    void reset() {
      if (!reset && !(requestEnded && responseEnded)) {
        meters.active.decrement();
      }
      reset = true;
    }

    void response(int code, long bytes) {
      Meters.ByMethod.ByStatus s = meters.status(code);
      s.count.increment();
      s.time.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
      if (bytes >= 0) {
        s.bytes.record(bytes);
      }
    }
  }

  /** Connections and bytes: passed on to vertx-micrometer-metrics as they are. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private abstract static class ForwardingTcp implements io.vertx.core.spi.metrics.TCPMetrics<Object> {
    private final io.vertx.core.spi.metrics.TCPMetrics tcp;

    ForwardingTcp(io.vertx.core.spi.metrics.TCPMetrics tcp) {
      this.tcp = tcp;
    }

    @Override
    public Object connected(SocketAddress remoteAddress, String remoteName) {
      return tcp.connected(remoteAddress, remoteName);
    }

    @Override
    public void disconnected(Object socketMetric, SocketAddress remoteAddress) {
      tcp.disconnected(socketMetric, remoteAddress);
    }

    @Override
    public void bytesRead(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      tcp.bytesRead(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void bytesWritten(Object socketMetric, SocketAddress remoteAddress, long numberOfBytes) {
      tcp.bytesWritten(socketMetric, remoteAddress, numberOfBytes);
    }

    @Override
    public void exceptionOccurred(Object socketMetric, SocketAddress remoteAddress, Throwable t) {
      tcp.exceptionOccurred(socketMetric, remoteAddress, t);
    }

    @Override
    public void close() {
      tcp.close();
    }
  }

  /** HTTP server: connections and bytes from vertx-micrometer-metrics, requests here. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class Server extends ForwardingTcp implements HttpServerMetrics<Request, Object, Object> {
    private final HttpServerMetrics inner;
    private final Meters meters;

    Server(HttpServerMetrics<?, ?, ?> inner, Meters meters) {
      super(inner);
      this.inner = inner;
      this.meters = meters;
    }

    @Override
    public Request requestBegin(Object socketMetric, HttpRequest request) {
      return new Request(meters.of(request));
    }

    @Override
    public void requestEnd(Request r, HttpRequest request, long bytesRead) {
      if (bytesRead >= 0) {
        r.meters.requestBytes.record(bytesRead);
      }
      r.done(true);
    }

    @Override
    public void requestReset(Request r) {
      r.meters.resets.increment();
      r.reset();
    }

    @Override
    public Request responsePushed(Object socketMetric, io.vertx.core.http.HttpMethod method, String uri, HttpResponse response) {
      Request r = new Request(meters.of(new PushedRequest(method, uri)));
      r.requestEnded = true;
      return r;
    }

    @Override
    public void responseEnd(Request r, HttpResponse response, long bytesWritten) {
      r.response(response.statusCode(), bytesWritten);
      r.done(false);
    }

    @Override
    public Object connected(Object socketMetric, Request r, ServerWebSocket webSocket) {
      return inner.connected(socketMetric, null, webSocket);
    }

    @Override
    public void disconnected(Object webSocketMetric) {
      inner.disconnected(webSocketMetric);
    }

  }

  /** HTTP client: connections and bytes from vertx-micrometer-metrics, requests here. */
  @SuppressWarnings({"rawtypes", "unchecked"})
  private static final class Client extends ForwardingTcp implements HttpClientMetrics<Request, Object, Object> {
    private final HttpClientMetrics inner;
    private final Meters meters;

    Client(HttpClientMetrics<?, ?, ?> inner, Meters meters) {
      super(inner);
      this.inner = inner;
      this.meters = meters;
    }

    @Override
    public ClientMetrics<Request, HttpRequest, HttpResponse> createEndpointMetrics(SocketAddress remoteAddress, int maxPoolSize) {
      return new ClientMetrics<>() {
        @Override
        public Request requestBegin(String uri, HttpRequest request) {
          Request r = new Request(meters.of(request));
          r.meters.requests.increment();
          return r;
        }

        @Override
        public void requestEnd(Request r, long bytesWritten) {
          if (bytesWritten >= 0) {
            r.meters.requestBytes.record(bytesWritten);
          }
          r.done(true);
        }

        @Override
        public void requestReset(Request r) {
          r.reset();
        }

        @Override
        public void responseBegin(Request r, HttpResponse response) {
          r.status = response.statusCode();
        }

        @Override
        public void responseEnd(Request r, long bytesRead) {
          r.done(false);
          r.response(r.status, bytesRead);
        }
      };
    }

    @Override
    public void endpointConnected(ClientMetrics endpointMetric) {
      // vertx-micrometer-metrics keeps nothing per endpoint
    }

    @Override
    public void endpointDisconnected(ClientMetrics endpointMetric) {
      // idem
    }

    @Override
    public Object connected(WebSocket webSocket) {
      return inner.connected(webSocket);
    }

    @Override
    public void disconnected(Object webSocketMetric) {
      inner.disconnected(webSocketMetric);
    }

  }

  /** The request side of an HTTP/2 push, for its method. */
  private record PushedRequest(io.vertx.core.http.HttpMethod method, String uri) implements HttpRequest {
    @Override
    public int id() {
      return 0;
    }

    @Override
    public io.vertx.core.MultiMap headers() {
      return io.vertx.core.MultiMap.caseInsensitiveMultiMap();
    }

    @Override
    public SocketAddress remoteAddress() {
      return null;
    }

    @Override
    public String absoluteURI() {
      return uri;
    }
  }
}
