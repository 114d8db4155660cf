// A small typed client: every operation of ../operations, with the types GraphQL Code
// Generator wrote, run against the server, and the answers checked.
import type * as Op from "../generated/operations";
import { check, run } from "./documents";

const token = process.env.DEALGRAPH_TOKEN;
check(token, "DEALGRAPH_TOKEN is not set");

// List pages, walked with their cursors.
let after: string | null = null;
const slugs: string[] = [];
for (;;) {
  const page: Op.CompaniesPageQuery = await run<Op.CompaniesPageQuery, Op.CompaniesPageQueryVariables>(
    "CompaniesPage",
    { first: 5, after, orderBy: { field: "NAME", direction: "ASC" } },
  );
  slugs.push(...page.companies.nodes.map((c) => c.slug));
  if (!page.companies.pageInfo.hasNextPage) {
    check(slugs.length === page.companies.totalCount, `walked ${slugs.length} of ${page.companies.totalCount}`);
    break;
  }
  after = page.companies.pageInfo.endCursor;
}
check(slugs.includes("alibaba-group"), "Alibaba Group is listed");
const chinese = await run<Op.CompaniesPageQuery, Op.CompaniesPageQueryVariables>("CompaniesPage", {
  first: 50,
  filter: { country: "CN" },
});
check(chinese.companies.nodes.every((c) => c.country === "CN"), "the country filter holds");
const agreements = await run<Op.AgreementsPageQuery, Op.AgreementsPageQueryVariables>("AgreementsPage", {
  first: 10,
  filter: { kind: "STRATEGIC_PARTNERSHIP" },
  orderBy: { field: "ANNOUNCED", direction: "DESC" },
});
check(agreements.agreements.edges.length > 0, "strategic partnerships are listed");
check(agreements.agreements.edges.every((e) => e.node.kind === "STRATEGIC_PARTNERSHIP"), "the kind filter holds");
const people = await run<Op.PeoplePageQuery, Op.PeoplePageQueryVariables>("PeoplePage", { first: 20 });
check(people.people.nodes.length > 0, "people are listed");
const labels = await run<Op.LabelsQuery, Op.LabelsQueryVariables>("Labels", { vocabularies: ["COUNTRY"], locale: "de" });
check(labels.labels.some((l) => l.value === "US" && l.display === "USA" && l.text === "die USA"), "labels have both forms");

// Detail pages with summaries in both locales.
const company = await run<Op.CompanyDetailQuery, Op.CompanyDetailQueryVariables>("CompanyDetail", { slug: "alibaba-group" });
check(company.company, "Alibaba Group has a detail page");
check(company.company.de?.includes("Konzern"), `a German summary: ${company.company.de}`);
check(company.company.en?.includes("conglomerate"), `an English summary: ${company.company.en}`);
const firstAgreement = agreements.agreements.edges[0].node;
const agreement = await run<Op.AgreementDetailQuery, Op.AgreementDetailQueryVariables>("AgreementDetail", { slug: firstAgreement.slug });
check(agreement.agreement?.summaryDe && agreement.agreement.summaryEn, "an agreement's summaries");
const personSlug = people.people.nodes[0].slug;
const person = await run<Op.PersonDetailQuery, Op.PersonDetailQueryVariables>("PersonDetail", { slug: personSlug });
check(person.person?.de && person.person.en, "a person's summaries");
const refetched = await run<Op.RefetchQuery, Op.RefetchQueryVariables>("Refetch", { id: company.company.id });
check(refetched.node?.__typename === "Company" && refetched.node.name === "Alibaba Group", "node refetch");
const history = await run<Op.HistoryQuery, Op.HistoryQueryVariables>("History", { slug: "alibaba-group" });
check((history.company?.history.totalCount ?? 0) > 0, "the seed is in the history");

// Search over the union.
const found = await run<Op.SearchQuery, Op.SearchQueryVariables>("Search", { query: "Alibaba", first: 10, locale: "de" });
const kinds = new Set(found.search.edges.map((e) => e.node.__typename));
check(kinds.has("Company"), `search finds companies: ${[...kinds]}`);
for (const { node } of found.search.edges) {
  if (node.__typename === "Company") check(node.companyKind, "a company hit has its kind");
  if (node.__typename === "Agreement") check(node.agreementKind, "an agreement hit has its kind");
}

// Suggestions for a search box, as a user types.
const suggested = await run<Op.SuggestQuery, Op.SuggestQueryVariables>("Suggest", { typed: "Ali", kinds: ["COMPANY", "PERSON"], locale: "de" });
check(suggested.suggest.length > 0, "typing \"Ali\" suggests something");
for (const s of suggested.suggest) {
  check(s.kind === "COMPANY" || s.kind === "PERSON", `only the kinds asked for: ${s.kind}`);
  check(s.node.__typename === (s.kind === "COMPANY" ? "Company" : "Person"), "the node is of its kind");
  if (s.kind === "COMPANY") check(s.companyKind?.display, "a company suggestion has its kind's label");
}
const typedJack = await run<Op.SuggestQuery, Op.SuggestQueryVariables>("Suggest", { typed: "jack m" });
check(typedJack.suggest.some((s) => s.text === "Jack Ma" && s.kind === "PERSON"), "typing \"jack m\" suggests Jack Ma");

// Every mutation, in an order that leaves the data as it was.
const auth = { token };
const source = (await run<Op.CreateSourceMutation, Op.CreateSourceMutationVariables>("CreateSource", {
  input: { clientMutationId: "s1", title: "Client test", language: "en", url: "https://example.com/client" },
}, auth)).createSource.source;
check(source.slug === "client-test", `source slug ${source.slug}`);
const updatedSource = (await run<Op.UpdateSourceMutation, Op.UpdateSourceMutationVariables>("UpdateSource", {
  input: { id: source.id, version: source.version, title: "Client test, revised" },
}, auth)).updateSource.source;
check(updatedSource.version === source.version + 1, "the source's version rose");
const studio = (await run<Op.CreateCompanyMutation, Op.CreateCompanyMutationVariables>("CreateCompany", {
  input: { name: "Client Studio", kind: "FILM_STUDIO", country: "DE", sources: [source.id] },
}, auth)).createCompany.company;
const rival = (await run<Op.CreateCompanyMutation, Op.CreateCompanyMutationVariables>("CreateCompany", {
  input: { name: "Client Rival", kind: "MEDIA_GROUP", country: "AT" },
}, auth)).createCompany.company;
const renamed = (await run<Op.UpdateCompanyMutation, Op.UpdateCompanyMutationVariables>("UpdateCompany", {
  input: { id: studio.id, version: studio.version, headquarters: "Köln" },
}, auth)).updateCompany.company;
check(renamed.summary?.includes("Köln"), `the summary follows the write: ${renamed.summary}`);
const newPerson = (await run<Op.CreatePersonMutation, Op.CreatePersonMutationVariables>("CreatePerson", {
  input: { name: "Client Person" },
}, auth)).createPerson.person;
const updatedPerson = (await run<Op.UpdatePersonMutation, Op.UpdatePersonMutationVariables>("UpdatePerson", {
  input: { id: newPerson.id, version: newPerson.version, name: "Client Persona" },
}, auth)).updatePerson.person;
check(updatedPerson.name === "Client Persona", "the person was renamed");
const role = (await run<Op.CreateRoleMutation, Op.CreateRoleMutationVariables>("CreateRole", {
  input: { person: newPerson.id, company: studio.id, title: "CEO", since: "2024" },
}, auth)).createRole.role;
check(role?.title === "CEO", "a role");
const updatedRole = (await run<Op.UpdateRoleMutation, Op.UpdateRoleMutationVariables>("UpdateRole", {
  input: { id: role.id, version: role.version, until: "2026-06" },
}, auth)).updateRole.role;
check(updatedRole?.until === "2026-06", "the role ended");
const deal = (await run<Op.CreateAgreementMutation, Op.CreateAgreementMutationVariables>("CreateAgreement", {
  input: {
    kind: "COOPERATION_AGREEMENT",
    status: "ANNOUNCED",
    announced: "2026-11",
    parties: [{ company: studio.id }, { company: rival.id }],
    scopes: ["FILM_TV_DISTRIBUTION"],
  },
}, auth)).createAgreement.agreement;
check(deal.parties.length === 2 && deal.summary, "an agreement with its summary");
const signed = (await run<Op.UpdateAgreementMutation, Op.UpdateAgreementMutationVariables>("UpdateAgreement", {
  input: { id: deal.id, version: deal.version, status: "SIGNED", signed: "2026-11-20" },
}, auth)).updateAgreement.agreement;
check(signed.status === "SIGNED", "the agreement was signed");
const quote = (await run<Op.CreateQuoteMutation, Op.CreateQuoteMutationVariables>("CreateQuote", {
  input: { text: "Ein Zitat für den Test.", language: "de", speaker: newPerson.id, agreement: deal.id, source: source.id },
}, auth)).createQuote.quote;
const updatedQuote = (await run<Op.UpdateQuoteMutation, Op.UpdateQuoteMutationVariables>("UpdateQuote", {
  input: { id: quote.id, version: quote.version, text: "Ein anderes Zitat." },
}, auth)).updateQuote.quote;
check(updatedQuote.text === "Ein anderes Zitat.", "the quote changed");
const event = (await run<Op.CreateEventMutation, Op.CreateEventMutationVariables>("CreateEvent", {
  input: { company: studio.id, kind: "IPO", date: "2025-03" },
}, auth)).createEvent.event;
const updatedEvent = (await run<Op.UpdateEventMutation, Op.UpdateEventMutationVariables>("UpdateEvent", {
  input: { id: event.id, version: event.version, record: true },
}, auth)).updateEvent.event;
check(updatedEvent.record, "the event is a record");
const rivalry = (await run<Op.CreateRivalryMutation, Op.CreateRivalryMutationVariables>("CreateRivalry", {
  input: { company: studio.id, rival: rival.id },
}, auth)).createRivalry;
check(rivalry.rival.name === "Client Rival", "a rivalry");
await run<Op.UpdateRivalryMutation, Op.UpdateRivalryMutationVariables>("UpdateRivalry", {
  input: { company: studio.id, rival: rival.id, source: source.id },
}, auth);
await run<Op.DeleteRivalryMutation, Op.DeleteRivalryMutationVariables>("DeleteRivalry", { input: { company: studio.id, rival: rival.id } }, auth);
await run<Op.DeleteEventMutation, Op.DeleteEventMutationVariables>("DeleteEvent", { input: { id: event.id } }, auth);
await run<Op.DeleteQuoteMutation, Op.DeleteQuoteMutationVariables>("DeleteQuote", { input: { id: quote.id } }, auth);
await run<Op.DeleteRoleMutation, Op.DeleteRoleMutationVariables>("DeleteRole", { input: { id: role.id } }, auth);
await run<Op.DeleteAgreementMutation, Op.DeleteAgreementMutationVariables>("DeleteAgreement", { input: { id: deal.id } }, auth);
await run<Op.DeletePersonMutation, Op.DeletePersonMutationVariables>("DeletePerson", { input: { id: newPerson.id } }, auth);
for (const id of [studio.id, rival.id]) {
  const gone = await run<Op.DeleteCompanyMutation, Op.DeleteCompanyMutationVariables>("DeleteCompany", { input: { id } }, auth);
  check(gone.deleteCompany.deletedId === id, "a company deleted");
}
await run<Op.DeleteSourceMutation, Op.DeleteSourceMutationVariables>("DeleteSource", { input: { id: source.id } }, auth);
const after_ = await run<Op.CompaniesPageQuery, Op.CompaniesPageQueryVariables>("CompaniesPage", { first: 1 });
check(after_.companies.totalCount === slugs.length, "the data is as it was");
console.log(`typed client: ${slugs.length} companies walked, every query and all 24 mutations checked`);
