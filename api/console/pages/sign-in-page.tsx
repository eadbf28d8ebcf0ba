import type { VNode } from 'preact';
import type { Dictionary } from '../console-locale';
import { Layout, type PageContext } from '../layout';

const words: Dictionary<'title' | 'key' | 'hint' | 'submit' | 'refused' | 'language'> = {
  fr: {
    title: 'Connexion à la console',
    key: 'Clé d’API',
    hint: 'La clé que l’administrateur vous a remise (rôle ops, payments ou support). Elle n’est pas conservée par le navigateur.',
    submit: 'Se connecter',
    refused: 'Cette clé n’est pas reconnue.',
    language: 'English',
  },
  en: {
    title: 'Sign in to the console',
    key: 'API key',
    hint: 'The key your administrator gave you (role ops, payments or support). The browser does not keep it.',
    submit: 'Sign in',
    refused: 'This key is not recognised.',
    language: 'Français',
  },
};

export function SignInPage(props: { ctx: PageContext; next: string; refused?: boolean }): VNode {
  const w = words[props.ctx.locale];
  const other = props.ctx.locale === 'fr' ? 'en' : 'fr';
  return (
    <Layout ctx={props.ctx} title={w.title}>
      <p>
        <a href={`/app/lang?to=${other}&back=${encodeURIComponent(props.ctx.path)}`} lang={other}>
          {w.language}
        </a>
      </p>
      <form method="post" action="/app/sign-in" class="narrow">
        <input type="hidden" name="next" value={props.next} />
        <label for="key">{w.key}</label>
        <input
          id="key"
          name="key"
          type="password"
          autocomplete="current-password"
          required
          aria-describedby="key-hint"
          aria-invalid={props.refused ? 'true' : undefined}
        />
        <small id="key-hint">{props.refused ? <strong role="alert">{w.refused}</strong> : w.hint}</small>
        <button type="submit">{w.submit}</button>
      </form>
    </Layout>
  );
}
