// The Direct Post settings of the composer: privacy, interactions, content disclosure and the
// AI-generated label, rendered from composerRules() (docs/web-ui.md §3).
import { TEXTS, type ComposerForm, type ComposerRules } from './rules.js';

export function DirectSettings({ form, set, rules }: { form: ComposerForm; set: <K extends keyof ComposerForm>(k: K, v: ComposerForm[K]) => void; rules: ComposerRules }) {
  const privacyReason = rules.privacyOptions.find((o) => o.disabled)?.reason;
  return (
    <>
      <fieldset>
        <legend>Who can see this post</legend>
        <label htmlFor="privacy">Privacy</label>
        <select id="privacy" value={form.privacyLevel ?? ''} onChange={(e) => set('privacyLevel', (e.target.value || null) as ComposerForm['privacyLevel'])} required aria-describedby={privacyReason ? 'privacy-reason' : undefined}>
          <option value="" disabled>
            Choose who can see it
          </option>
          {rules.privacyOptions.map((o) => (
            <option key={o.value} value={o.value} disabled={o.disabled} title={o.reason ?? undefined}>
              {o.label}
              {o.disabled ? ' (not available)' : ''}
            </option>
          ))}
        </select>
        {privacyReason && (
          <p id="privacy-reason" className="small muted">
            {privacyReason}
          </p>
        )}
      </fieldset>

      <fieldset>
        <legend>Allow users to</legend>
        <Toggle id="allow-comment" label="Allow Comment" checked={form.allowComment} option={rules.comment} onChange={(v) => set('allowComment', v)} />
        <Toggle id="allow-duet" label="Allow Duet" checked={form.allowDuet} option={rules.duet} onChange={(v) => set('allowDuet', v)} />
        <Toggle id="allow-stitch" label="Allow Stitch" checked={form.allowStitch} option={rules.stitch} onChange={(v) => set('allowStitch', v)} />
      </fieldset>

      {rules.autoAddMusic.visible && (
        <fieldset>
          <legend>Music</legend>
          <Toggle id="auto-add-music" label="Add recommended music" hint="TikTok picks a sound for the photos; the creator can change it in TikTok later." checked={form.autoAddMusic} option={rules.autoAddMusic} onChange={(v) => set('autoAddMusic', v)} />
        </fieldset>
      )}

      <fieldset>
        <legend>Content disclosure</legend>
        <label className="switch">
          <input type="checkbox" role="switch" checked={form.disclosureOn} onChange={(e) => set('disclosureOn', e.target.checked)} aria-describedby="disclosure-hint" />
          <span>Content Disclosure Setting</span>
        </label>
        <p id="disclosure-hint" className="hint">
          Turn on to disclose that this content promotes goods or services in exchange for something of value. Your content could promote yourself, a third party, or both.
        </p>
        {form.disclosureOn && (
          <div className="disclosure-options">
            <Toggle id="your-brand" label="Your brand" hint="You are promoting yourself or your own business. This content will be classified as Brand Organic." checked={form.yourBrand} option={rules.yourBrand} onChange={(v) => set('yourBrand', v)} />
            <Toggle id="branded-content" label="Branded content" hint="You are promoting another brand or a third party. This content will be classified as Branded Content." checked={form.brandedContent} option={rules.brandedContent} onChange={(v) => set('brandedContent', v)} />
          </div>
        )}
        {rules.disclosureLabel && (
          <p className="note note-info" data-testid="disclosure-label">
            {rules.disclosureLabel}
          </p>
        )}
        {form.disclosureOn && !rules.disclosureLabel && <p className="small muted">{TEXTS.disclosureIncomplete}</p>}
      </fieldset>

      <fieldset>
        <legend>AI-generated content</legend>
        <label className="switch">
          <input type="checkbox" role="switch" checked={form.aiGenerated} onChange={(e) => set('aiGenerated', e.target.checked)} />
          <span>AI-generated content</span>
        </label>
        <p className="hint">Turn on when the content was made or significantly edited with AI.</p>
        {rules.aiLabel && <p className="note note-info">{rules.aiLabel}</p>}
      </fieldset>
    </>
  );
}

export function Toggle({ id, label, hint, checked, option, onChange }: { id: string; label: string; hint?: string; checked: boolean; option: { visible: boolean; disabled: boolean; reason: string | null }; onChange: (v: boolean) => void }) {
  if (!option.visible) return null;
  const describedBy = [hint ? `${id}-hint` : '', option.reason ? `${id}-reason` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`toggle${option.disabled ? ' greyed' : ''}`} title={option.reason ?? undefined}>
      <label className="inline">
        <input id={id} type="checkbox" checked={checked && !option.disabled} disabled={option.disabled} onChange={(e) => onChange(e.target.checked)} aria-describedby={describedBy} />
        {label}
      </label>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
      {option.reason && (
        <p id={`${id}-reason`} className="small muted">
          {option.reason}
        </p>
      )}
    </div>
  );
}

