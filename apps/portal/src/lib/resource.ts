import type { Resource } from 'solid-js';

/**
 * A resource's value, or undefined while it has failed. Reading a failed resource throws, and a
 * throw inside a page's JSX leaves the page as it was ("loading…") for good; pages read through this
 * and show `resource.error` beside it.
 */
export const valueOf = <T>(resource: Resource<T>): T | undefined => (resource.state === 'errored' ? undefined : resource());
