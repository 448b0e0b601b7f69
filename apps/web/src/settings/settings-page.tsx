export function SettingsPage(_props: { id?: string }) { return <p>Coming soon</p>; }
