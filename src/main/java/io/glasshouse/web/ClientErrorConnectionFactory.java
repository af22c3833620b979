package io.glasshouse.web;

import org.eclipse.jetty.http.BadMessageException;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpChannelOverHttp;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnection;
import org.eclipse.jetty.server.HttpConnectionFactory;

/**
 * Jetty's HTTP/1.1 connections, except that a request Jetty's parser refuses is never answered
 * with a 5xx. The parser answers a request line without a known HTTP version (garbage, HTTP/0.9,
 * HTTP/3.0 over plain HTTP/1) with 505, a server-error status for a client's mistake; here it is
 * 400, with the parser's reason in the JSON body ({@link JsonErrorHandler}).
 */
final class ClientErrorConnectionFactory extends HttpConnectionFactory {
    ClientErrorConnectionFactory(HttpConfiguration configuration) {
        super(configuration);
    }

    @Override
    public Connection newConnection(Connector connector, EndPoint endPoint) {
        // As HttpConnectionFactory.newConnection, with our channel.
        HttpConnection connection = new HttpConnection(getHttpConfiguration(), connector, endPoint, isRecordHttpComplianceViolations()) {
            @Override
            protected HttpChannelOverHttp newHttpChannel() {
                return new HttpChannelOverHttp(this, getConnector(), getHttpConfiguration(), getEndPoint(), this) {
                    @Override
                    public void badMessage(BadMessageException failure) {
                        super.badMessage(failure.getCode() >= HttpStatus.INTERNAL_SERVER_ERROR_500
                                ? new BadMessageException(HttpStatus.BAD_REQUEST_400, failure.getReason(), failure)
                                : failure);
                    }
                };
            }
        };
        connection.setUseInputDirectByteBuffers(isUseInputDirectByteBuffers());
        connection.setUseOutputDirectByteBuffers(isUseOutputDirectByteBuffers());
        return configure(connection, connector, endPoint);
    }
}
