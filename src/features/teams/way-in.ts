/**
 * How a change to teams came in, when it is not the REST API or the web app: kept in the
 * audit data (and so in the webhook events), as `member.joined` does for people.
 */
export type WayIn = { readonly wayIn?: 'scim' };
