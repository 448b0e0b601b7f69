export function PostDetailPage(_props: { id?: string }) { return <p>Coming soon</p>; }
