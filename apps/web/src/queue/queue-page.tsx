export function QueuePage(_props: { id?: string }) { return <p>Coming soon</p>; }
