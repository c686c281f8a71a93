package org.resetflow.helpdesk;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;

/**
 * The engine's REST API as engine users call it (HTTP Basic): the demo users with their documented demo passwords,
 * or users a test makes members of a group with one password of its own ({@link #member}). JSON calls as Tasklist
 * and Cockpit make them, and multipart deployments as Camunda Modeler sends them. The one REST helper of the tests.
 */
public final class DemoUsersRest {

    /** The demo users' passwords in these tests, set as properties so an environment variable cannot change them. */
    public static final String[] PASSWORDS = {"resetflow.demo.helpdesk-password=demohelpdesk",
        "resetflow.demo.owner-password=demoowner", "resetflow.demo.admin-password=demoadmin"};

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final int port;
    /** The password every user signs in with; null: each demo user's own (its name, as {@link #PASSWORDS} sets). */
    private final String password;

    /** As the demo users, each with its demo password. */
    public DemoUsersRest(int port) {
        this(port, null);
    }

    /** As users made members with {@link #member}, all with this password. */
    public DemoUsersRest(int port, String password) {
        this.port = port;
        this.password = password;
    }

    /** Makes {@code userId} (created when missing) a member of {@code groupId}, signing in with this helper's password. */
    public void member(IdentityService identityService, String userId, String groupId) {
        if (password == null) {
            throw new IllegalStateException("The demo users are the application's; give this helper a password");
        }
        member(identityService, userId, groupId, password);
    }

    /**
     * Makes {@code userId} a member of {@code groupId} with {@code password}; a new user is named by its id, as the
     * webapps greet it ("helen": Helen).
     */
    public static void member(IdentityService identityService, String userId, String groupId, String password) {
        User user = identityService.createUserQuery().userId(userId).singleResult();
        if (user == null) {
            user = identityService.newUser(userId);
            user.setFirstName(Character.toUpperCase(userId.charAt(0)) + userId.substring(1));
        }
        user.setPassword(password);
        identityService.saveUser(user);
        if (identityService.createUserQuery().userId(userId).memberOfGroup(groupId).count() == 0) {
            identityService.createMembership(userId, groupId);
        }
    }

    public Answer call(String user, String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(json));
        return send(user, request);
    }

    /** {@code POST /deployment/create} with the given files (name to content), as Camunda Modeler deploys. */
    public Answer deploy(String user, String deploymentName, Map<String, String> files) {
        String boundary = "----resetflow" + System.nanoTime();
        StringBuilder body = new StringBuilder();
        part(body, boundary, "deployment-name", null, deploymentName);
        part(body, boundary, "deployment-source", null, "Camunda Modeler");
        files.forEach((name, content) -> part(body, boundary, name, name, content));
        body.append("--").append(boundary).append("--\r\n");
        return send(user, HttpRequest.newBuilder(uri("/deployment/create"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    public static String classpath(String path) {
        try (InputStream in = DemoUsersRest.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("Not on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void part(StringBuilder body, String boundary, String name, String filename, String content) {
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(name)
                .append('"');
        if (filename != null) {
            body.append("; filename=\"").append(filename).append("\"\r\nContent-Type: application/octet-stream");
        }
        body.append("\r\n\r\n").append(content).append("\r\n");
    }

    private Answer send(String user, HttpRequest.Builder request) {
        String secret = password == null ? user : password;
        String basic = Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
        try {
            HttpResponse<String> response = http.send(request.header("Authorization", "Basic " + basic)
                    .header("Accept", "application/json").timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + port + "/engine-rest" + path);
    }

    public record Answer(int status, String body) {

        /** The id of a created deployment or started instance: the first {@code "id"} of the answer. */
        public String id() {
            return body.replaceAll("(?s).*?\"id\":\"([^\"]+)\".*", "$1");
        }
    }
}
