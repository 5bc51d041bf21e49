import { randomBytes } from 'node:crypto';
import type { ProductStack } from './product-stack.js';
import { ApiClient, SiteSession } from './site-client.js';

/** A member registered through the site's form, with their session, passkey and API token. */
export interface Member {
  username: string;
  session: SiteSession;
  passkey: string;
  api: ApiClient;
}

export async function registerMember(stack: ProductStack, username: string): Promise<Member> {
  const session = new SiteSession(stack.siteUrl);
  await session.register(username, randomBytes(12).toString('hex'));
  const api = new ApiClient(stack.siteUrl, await session.createApiToken('e2e'));
  return { username, session, passkey: await session.passkey(), api };
}

/** An editor made by the operator CLI (password on stdin), with a CLI-issued API token. */
export async function createEditor(stack: ProductStack, username: string): Promise<ApiClient> {
  await stack.cli(['users:create', username, '--role', 'editor'], `${randomBytes(12).toString('hex')}\n`);
  const token = await stack.cli(['users:token', username]);
  if (!/^\S{20,}$/.test(token)) throw new Error(`users:token printed no token: ${token}`);
  return new ApiClient(stack.siteUrl, token);
}

/** A category made by the operator CLI; resolves with its id. */
export async function createCategory(stack: ProductStack, name: string): Promise<number> {
  const out = await stack.cli(['categories:create', name]);
  const match = /\(id (\d+),/.exec(out);
  if (!match?.[1]) throw new Error(`categories:create printed no id: ${out}`);
  return Number(match[1]);
}
