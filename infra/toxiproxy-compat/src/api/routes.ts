import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyCollection } from '../proxy-collection';
import { mergeAttributes, newToxic, parseToxicity, toxicJson } from '../toxic-instance';
import { ERRORS } from './api-error';
import { asObject, readJson } from './read-body';
import { empty, json } from './respond';

export const VERSION = '2.12.0';

type Handler = (req: IncomingMessage, res: ServerResponse, params: string[]) => Promise<void> | void;
export interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
}

/** Every route of Toxiproxy's api.go, with the same verbs, statuses and bodies. */
export function routes(proxies: ProxyCollection): Route[] {
  const findToxic = (proxyName: string, toxicName: string) => {
    const proxy = proxies.get(proxyName);
    const toxic = proxy.toxics.find((t) => t.name === toxicName);
    if (!toxic) throw ERRORS.toxicNotFound();
    return { proxy, toxic };
  };
  const updateProxy: Handler = async (req, res, [name]) => {
    const body = asObject(await readJson(req));
    json(res, 200, (await proxies.update(name, body)).toJson());
  };
  const updateToxic: Handler = async (req, res, [proxyName, toxicName]) => {
    const { proxy, toxic } = findToxic(proxyName, toxicName);
    const body = asObject(await readJson(req));
    const updated = {
      ...toxic,
      attributes: mergeAttributes(toxic.type, toxic.attributes, body.attributes),
      toxicity: parseToxicity(body.toxicity, toxic.toxicity),
    };
    proxy.updateToxic(updated);
    json(res, 200, toxicJson(updated));
  };

  return [
    {
      pattern: /^\/proxies$/,
      methods: {
        GET: (_req, res) => json(res, 200, Object.fromEntries([...proxies.proxies].map(([name, p]) => [name, p.toJson()]))),
        POST: async (req, res) => json(res, 201, (await proxies.create(asObject(await readJson(req)))).toJson()),
      },
    },
    {
      pattern: /^\/populate$/,
      methods: {
        POST: async (req, res) => {
          const body = await readJson(req);
          if (!Array.isArray(body)) throw ERRORS.badBody('json: cannot unmarshal object into Go value of type []proxy.Proxy');
          const created = await proxies.populate(body.map(asObject));
          json(res, 201, { proxies: created.length > 0 ? created.map((p) => p.toJson()) : null });
        },
      },
    },
    { pattern: /^\/reset$/, methods: { POST: async (_req, res) => (await proxies.reset(), empty(res)) } },
    {
      pattern: /^\/version$/,
      methods: {
        GET: (_req, res) => {
          res.writeHead(200, { 'Content-Type': 'application/json;charset=utf-8' });
          res.end(`{"version": "${VERSION}"}\n`);
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)$/,
      methods: {
        GET: (_req, res, [name]) => json(res, 200, proxies.get(name).toJson()),
        POST: updateProxy,
        PATCH: updateProxy,
        DELETE: (_req, res, [name]) => (proxies.remove(name), empty(res)),
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics$/,
      methods: {
        GET: (_req, res, [name]) => json(res, 200, proxies.get(name).orderedToxics().map(toxicJson)),
        POST: async (req, res, [name]) => {
          const proxy = proxies.get(name);
          const toxic = newToxic(asObject(await readJson(req)), (toxicName) => proxy.toxics.some((t) => t.name === toxicName));
          proxy.addToxic(toxic);
          json(res, 200, toxicJson(toxic));
        },
      },
    },
    {
      pattern: /^\/proxies\/([^/]+)\/toxics\/([^/]+)$/,
      methods: {
        GET: (_req, res, [p, t]) => json(res, 200, toxicJson(findToxic(p, t).toxic)),
        POST: updateToxic,
        PATCH: updateToxic,
        DELETE: (_req, res, [p, t]) => {
          const { proxy, toxic } = findToxic(p, t);
          proxy.removeToxic(toxic);
          empty(res);
        },
      },
    },
  ];
}
