// hbs ships no type declarations; this covers the part of its API the CMS uses.
declare module 'hbs' {
  import type { HelperDelegate } from 'handlebars';

  interface Hbs {
    registerHelper(name: string, fn: HelperDelegate): void;
    registerPartials(
      directory: string,
      options: { rename?: (name: string) => string },
      done: (err?: Error) => void,
    ): void;
    registerPartial(name: string, template: string): void;
    handlebars: typeof import('handlebars');
    localsAsTemplateData(app: unknown): void;
  }
  const hbs: Hbs;
  export default hbs;
}
