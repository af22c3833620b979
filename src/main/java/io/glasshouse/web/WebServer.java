package io.glasshouse.web;

import io.glasshouse.error.GlasshouseException;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import jakarta.servlet.DispatcherType;
import java.util.EnumSet;
import java.util.List;
import java.util.function.Consumer;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;

/** The HTTP side: Javalin with our error mapping, the UI, and the routes handed in. */
public final class WebServer implements AutoCloseable {
    private static final String UI_ROOT = "/public";

    private final Javalin app;

    private WebServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening; a port already in use ends start-up with a clear message. */
    public static WebServer start(String host, int port, long maxRequestBytes, List<Consumer<Javalin>> routes) {
        byte[] uiIndex = uiIndex();
        boolean uiBuilt = uiIndex != null;
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.startupWatcherEnabled = false;
            // RequestSizeLimit enforces the limit on every body, chunked ones too; Javalin's own
            // check (Content-Length only) would answer first, in JSON even on OTLP routes.
            config.http.maxRequestSize = Long.MAX_VALUE;
            config.http.prefer405over404 = true;
            config.jetty.addConnector((server, http) -> {
                ServerConnector connector = new ServerConnector(server, new ClientErrorConnectionFactory(http));
                connector.setHost(host);
                connector.setPort(port);
                return connector;
            });
            config.jetty.modifyServer(server -> {
                server.setStopTimeout(10_000);
                server.setErrorHandler(new JsonErrorHandler());
            });
            config.jetty.modifyServletContextHandler(handler -> {
                handler.addFilter(new FilterHolder(new RequestSizeLimit(maxRequestBytes)), "/*",
                        EnumSet.of(DispatcherType.REQUEST));
                handler.setErrorHandler(new JsonErrorHandler());
            });
            if (uiBuilt) {
                config.staticFiles.add(files -> {
                    files.hostedPath = "/";
                    files.directory = UI_ROOT;
                    files.location = Location.CLASSPATH;
                });
            }
        });
        ErrorResponses.register(app, uiIndex);
        if (!uiBuilt) {
            app.get("/", ctx -> ctx.contentType("text/plain").result(
                    "Glasshouse is running. This build has no UI (built with -DskipUi=true); the APIs are under /api/public.\n"));
        }
        routes.forEach(route -> route.accept(app));
        try {
            app.start();
        } catch (RuntimeException e) {
            app.stop();
            throw GlasshouseException.configuration("cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                    + "); is another server using it? Choose another with --port.");
        }
        return new WebServer(app);
    }

    private static byte[] uiIndex() {
        try (var in = WebServer.class.getResourceAsStream(UI_ROOT + "/index.html")) {
            return in == null ? null : in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public int port() {
        return app.port();
    }

    /** Every registered HTTP route as {@code "GET /api/public/traces/{traceId}"}; for the API description's test. */
    public List<String> routes() {
        return app.unsafeConfig().pvt.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.getEndpoint().getMethod().name() + " " + parsed.getEndpoint().getPath())
                .toList();
    }

    /** Stops accepting connections and lets requests in flight finish (up to 10 s). */
    @Override
    public void close() {
        app.stop();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
