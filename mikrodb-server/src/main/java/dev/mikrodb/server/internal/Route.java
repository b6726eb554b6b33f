package dev.mikrodb.server.internal;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import java.util.List;
import java.util.function.Function;

/**
 * One row of the server's route table: method, path template, the access it requires (possibly depending on the
 * request, as a document operation's name does), whether the request names a database and tables that a limited
 * grant must cover, the handler, and example requests. The access-control matrix test is generated from this table,
 * so a route added without a rule or an example fails it.
 */
public record Route(String method, String template, Function<HttpServerExchange, Access> access, boolean scoped,
                    HttpHandler handler, List<Example> examples) {

    /**
     * A request to the route that succeeds (2xx) for a caller allowed to make it, in database {@code app}, table
     * {@code t} (item {@code k}), collection {@code c} (document {@code d1}), as the route table's tests set them up.
     */
    public record Example(String path, String body, Access access) {
    }

    public Route {
        examples = List.copyOf(examples);
        if (examples.isEmpty()) {
            throw new IllegalArgumentException(method + " " + template + " needs an example request");
        }
    }

    static Route of(String method, String template, Access access, HttpHandler handler, String examplePath,
                    String exampleBody) {
        return new Route(method, template, e -> access, true, handler,
                List.of(new Example(examplePath, exampleBody, access)));
    }

    /** A route that names no database (server-wide listings and maintenance, the admin API). */
    static Route unscoped(String method, String template, Access access, HttpHandler handler, String examplePath,
                          String exampleBody) {
        return new Route(method, template, e -> access, false, handler,
                List.of(new Example(examplePath, exampleBody, access)));
    }
}
