/** A stylesheet bundled into the importing chunk as text (scripts/stylesheet-import.ts), for addStylesheet. */
declare module 'stylesheet:*' {
  const css: string;
  export default css;
}
