package org.resetflow.config;

import jakarta.servlet.http.HttpServletRequest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The one place that decides which client sent a request. Forwarding headers are words the sender chose, so they
 * count only when the direct peer is one of {@code resetflow.trusted-proxies}; then the client is the right-most
 * address that is not itself a trusted proxy, because a proxy appends to what the client sent and never the other
 * way round. A hop that cannot be read, or two headers that disagree, fall back to the peer: the sender gains
 * nothing by breaking a header, it only ends up sharing the proxy's bucket.
 *
 * <p>It also decides whether that client spoke HTTPS, for every cookie that must then be Secure.
 */
@Component
public final class ClientNetworks {

    private final List<Cidr> trustedProxies;
    private final boolean publicOverHttps;

    ClientNetworks(ResetFlowProperties properties) {
        this.trustedProxies = List.copyOf(properties.trustedProxies());
        this.publicOverHttps = properties.publicOverHttps();
    }

    /** The client of this request and the network its rate limits count against. */
    public ClientAddress resolve(HttpServletRequest request) {
        String remoteAddr = request.getRemoteAddr();
        Optional<InetAddress> peer = IpAddresses.parsePeer(remoteAddr);
        if (peer.isEmpty()) {
            // Not an IP socket (Tomcat has nothing better): the text is the only key there is.
            return new ClientAddress(String.valueOf(remoteAddr), String.valueOf(remoteAddr));
        }
        InetAddress client = isTrustedProxy(peer.get()) ? forwardedClient(request).orElse(peer.get()) : peer.get();
        return new ClientAddress(AddressText.of(client.getAddress()), IpAddresses.networkKey(client));
    }

    /**
     * Whether the browser sent this request over HTTPS. A proxy that ends TLS hands ResetFlow plain HTTP although the
     * browser spoke HTTPS; then the public base URL says which the browser used. Tomcat is not told about the proxy
     * (see {@link ForwardedHeadersGuard}), so {@code isSecure()} alone cannot say; and {@code X-Forwarded-Proto} is not
     * read, so one header fewer is taken on trust.
     */
    public boolean browserOverHttps(HttpServletRequest request) {
        return request.isSecure() || (publicOverHttps && fromTrustedProxy(request));
    }

    /** Whether the request came straight from one of the trusted proxies. */
    boolean fromTrustedProxy(HttpServletRequest request) {
        return IpAddresses.parsePeer(request.getRemoteAddr()).filter(this::isTrustedProxy).isPresent();
    }

    private Optional<InetAddress> forwardedClient(HttpServletRequest request) {
        List<Optional<InetAddress>> answers = new ArrayList<>();
        String xForwardedFor = joined(request, "X-Forwarded-For");
        if (xForwardedFor != null) {
            answers.add(rightMostUntrusted(ForwardedHeaders.xForwardedFor(xForwardedFor)));
        }
        String forwarded = joined(request, "Forwarded");
        if (forwarded != null) {
            answers.add(ForwardedHeaders.forwardedFor(forwarded).flatMap(this::rightMostUntrusted));
        }
        // A proxy that writes one header passes the other on as the client wrote it; if both are there they must
        // name the same client, or neither is believed.
        return answers.stream().distinct().count() == 1 ? answers.get(0) : Optional.empty();
    }

    private Optional<InetAddress> rightMostUntrusted(List<String> hops) {
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = IpAddresses.parseNode(hops.get(i));
            if (hop.isEmpty() || !isTrustedProxy(hop.get()) || i == 0) {
                // The left-most hop, even if trusted: a request one of the proxies sent itself.
                return hop;
            }
        }
        return Optional.empty();
    }

    private boolean isTrustedProxy(InetAddress address) {
        return trustedProxies.stream().anyMatch(proxy -> proxy.contains(address));
    }

    /** Every line of a header, joined as RFC 9110 allows; {@code null} when absent. */
    private static String joined(HttpServletRequest request, String name) {
        List<String> lines = Collections.list(request.getHeaders(name));
        return lines.isEmpty() ? null : String.join(",", lines);
    }
}
