// In-memory SCIM 2.0 directory for ResetFlow's end-to-end tests.
//
// The SCIM protocol (routing, PatchOp, filters, schema coercion, error bodies) is
// entirely SCIMMY's; this file only supplies storage plus a few /_fixture endpoints
// that let tests look behind the API (stored passwords, request log, outages).
//
// Environment:
//   SCIM_TOKEN                required bearer token for every /scim/v2 request
//   PORT                      TCP port on 127.0.0.1 (0 = any free port)
//   SCIM_SEED                 optional JSON array of SCIM User objects; their ids are kept
//   SCIMMY_EXIT_ON_STDIN_EOF  "true": exit when stdin closes, so a crashed parent JVM
//                             cannot leave an orphaned server behind
import {randomUUID} from "node:crypto";
import express from "express";
import SCIMMY from "scimmy";
import SCIMMYRouters from "scimmy-routers";

const SCIM_BASE = "/scim/v2";
const ERROR_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:Error";

const token = process.env.SCIM_TOKEN;
if (!token) {
    // Refusing to start beats silently running an unauthenticated directory
    console.error("SCIM_TOKEN must be set");
    process.exit(2);
}

const users = new Map();      // id -> stored User, never containing a password
const passwords = new Map();  // id -> cleartext password, only exposed via /_fixture
const requests = [];
const failNext = {status: 0, count: 0};

// Hand-built rather than SCIMMY.Messages.Error, because SCIMMY only accepts the status
// codes listed in RFC 7644 §3.12 and rejects e.g. 503, which outage tests need.
function sendScimError(res, status, detail, scimType) {
    res.status(status).type("application/scim+json").send(JSON.stringify({
        schemas: [ERROR_SCHEMA], status: String(status), ...(scimType ? {scimType} : {}), detail
    }));
}

function assertUniqueUserName(userName, ownId) {
    // RFC 7643 declares userName caseExact=false, so uniqueness ignores case
    const wanted = String(userName).toLowerCase();
    for (const user of users.values()) {
        if (user.id !== ownId && user.userName.toLowerCase() === wanted) {
            throw new SCIMMY.Types.Error(409, "uniqueness", `userName '${userName}' is already taken`);
        }
    }
}

// Serialising SCIMMY's inbound schema instance yields only client-writable attributes:
// id, meta and the writeOnly password are dropped, which is exactly what we store.
function storedUser(id, instance, created) {
    const now = new Date().toISOString();
    return {...JSON.parse(JSON.stringify(instance)), id, meta: {created: created ?? now, lastModified: now}};
}

function save(id, instance, created) {
    assertUniqueUserName(instance.userName, id);
    const user = storedUser(id, instance, created);
    users.set(id, user);
    // Absent means unchanged: a PATCH round-trips through egress, which never carries the password
    if (instance.password !== undefined) passwords.set(id, instance.password);
    return structuredClone(user);
}

function seed(json) {
    if (!json) return;
    const entries = JSON.parse(json);
    if (!Array.isArray(entries)) throw new TypeError("SCIM_SEED must be a JSON array of SCIM User objects");
    for (const entry of entries) {
        const id = entry.id ?? randomUUID();
        if (users.has(id)) throw new TypeError(`SCIM_SEED contains duplicate id '${id}'`);
        // Going through SCIMMY's schema catches malformed seeds at startup instead of mid-test
        save(id, new SCIMMY.Schemas.User(entry, "in"));
    }
}

SCIMMY.Resources.declare(SCIMMY.Resources.User, {
    // Called for POST, PUT and — after SCIMMY has applied the PatchOp to the egress
    // representation — PATCH, always with the complete resulting resource.
    ingress: (resource, instance) => {
        if (!resource.id) return save(randomUUID(), instance);

        const existing = users.get(resource.id);
        if (!existing) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        return save(resource.id, instance, existing.meta.created);
    },

    // A read by id arrives with resource.filter = `id eq "<id>"`, so SCIMMY's own filter
    // evaluates both single reads and searches.
    egress: (resource) => {
        const all = [...users.values()];
        const matches = resource.filter ? resource.filter.match(all) : all;
        if (resource.id && matches.length === 0) {
            throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        }
        return structuredClone(resource.id ? matches[0] : matches);
    },

    degress: (resource) => {
        if (!users.delete(resource.id)) throw new SCIMMY.Types.Error(404, null, `Resource ${resource.id} not found`);
        passwords.delete(resource.id);
    }
});

seed(process.env.SCIM_SEED);

const app = express();
app.disable("x-powered-by");

app.use(SCIM_BASE, (req, res, next) => {
    const url = new URL(req.originalUrl, "http://fixture.invalid");
    requests.push({method: req.method, path: url.pathname, query: Object.fromEntries(url.searchParams)});
    res.on("finish", () => console.log(`${req.method} ${req.originalUrl} -> ${res.statusCode}`));
    next();
});

// Injected before authentication and SCIMMY, like an unavailable directory behind a gateway
app.use(SCIM_BASE, (req, res, next) => {
    if (failNext.count > 0 && (req.method === "PATCH" || req.method === "PUT")) {
        failNext.count--;
        // Read the request body before answering: an answer with the body unread makes Node drop the keep-alive
        // connection, and a client that reuses it sees EOF or waits for its read timeout (a flaky retry test).
        const status = failNext.status;
        req.on("end", () => sendScimError(res, status, "Injected failure (fixture fail-next)")).resume();
    } else {
        next();
    }
});

// Resources must be declared before this constructor runs: it mounts one router per declared type
app.use(SCIM_BASE, new SCIMMYRouters({
    type: "bearer",
    handler: (req) => {
        if (req.header("Authorization") !== `Bearer ${token}`) throw new Error("Missing or invalid bearer token");
        return "resetflow";
    },
    // Absolute meta.location values, as a production directory would return
    baseUri: (req) => `${req.protocol}://${req.get("host")}`
}));
// Directories that accept password resets advertise it (RFC 7643 §5); SCIMMY defaults to false
SCIMMY.Config.set("changePassword", true);
// SCIMMY filters every search (the look-ups depend on it) but advertises filter.supported false by default; say what it
// does, with its own default maxResults (200), so clients that read /ServiceProviderConfig may batch their searches
SCIMMY.Config.set("filter", 200);

app.get("/_fixture/users/:id/password", (req, res) => {
    if (passwords.has(req.params.id)) res.json({password: passwords.get(req.params.id)});
    else res.status(404).json({error: `no password stored for user ${req.params.id}`});
});

app.get("/_fixture/requests", (req, res) => res.json(requests));

app.post("/_fixture/fail-next", express.json(), (req, res) => {
    const {status, count = 1} = req.body ?? {};
    if (!Number.isInteger(status) || status < 400 || status > 599 || !Number.isInteger(count) || count < 0) {
        return res.status(400).json({error: "expected {\"status\": 400..599, \"count\": >= 0}"});
    }
    Object.assign(failNext, {status, count});
    res.status(204).end();
});

// scimmy-routers answers 5xx itself and then forwards the error; this only has to
// keep Express's default handler from printing HTML or tearing down the socket.
app.use((err, req, res, next) => {
    console.error(err);
    if (!res.headersSent) sendScimError(res, err.status ?? 500, err.message);
});

const server = app.listen(Number(process.env.PORT ?? 0), "127.0.0.1", () => {
    console.log(`SCIMMY_LISTENING ${server.address().port}`);
});
server.on("error", (err) => {
    console.error(`cannot listen: ${err.message}`);
    process.exit(1);
});

const shutdown = () => server.close(() => process.exit(0));
process.on("SIGTERM", shutdown);
process.on("SIGINT", shutdown);
if (process.env.SCIMMY_EXIT_ON_STDIN_EOF === "true") {
    process.stdin.on("end", shutdown).resume();
}
