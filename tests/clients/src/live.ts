// The graphql-ws client (the npm package browsers use) subscribes to changes at
// /graphql/ws; a mutation made over HTTP arrives as an event.
import { createClient } from "graphql-ws";
import WebSocket from "ws";
import type * as Op from "../generated/operations";
import { check, documents, run, server } from "./documents";

const token = process.env.DEALGRAPH_TOKEN;
check(token, "DEALGRAPH_TOKEN is not set");
const client = createClient({
  url: server.replace(/^http/, "ws") + "/graphql/ws",
  webSocketImpl: WebSocket,
  connectionParams: { Authorization: `Bearer ${token}` },
});
const query = documents.get("Changes");
check(query, "the Changes subscription");

const events: Op.ChangesSubscription["changes"][] = [];
const received = new Promise<void>((resolve, reject) => {
  const stop = client.subscribe<Op.ChangesSubscription, Op.ChangesSubscriptionVariables>(
    { query, variables: { filter: { entity: "PERSON" } } },
    {
      next: ({ data, errors }) => {
        if (errors) return reject(new Error(JSON.stringify(errors)));
        if (data) events.push(data.changes);
        if (events.length === 2) {
          stop();
          resolve();
        }
      },
      error: reject,
      complete: () => {},
    },
  );
});
// The subscription is open once the server acknowledged it; give it a moment.
await new Promise((r) => setTimeout(r, 300));
const person = (await run<Op.CreatePersonMutation, Op.CreatePersonMutationVariables>(
  "CreatePerson", { input: { name: "Live Person" } }, { token },
)).createPerson.person;
await run<Op.DeletePersonMutation, Op.DeletePersonMutationVariables>(
  "DeletePerson", { input: { id: person.id } }, { token },
);
const timeout = setTimeout(() => { console.error("no events within 10 s"); process.exit(1); }, 10_000);
await received;
clearTimeout(timeout);
check(events[0].operation === "CREATE" && events[0].entityId === person.id, `first event ${JSON.stringify(events[0])}`);
check(events[1].operation === "DELETE" && events[1].sequence > events[0].sequence, `second event ${JSON.stringify(events[1])}`);
await client.dispose();
console.log(`graphql-ws: ${events.length} events received in order`);
