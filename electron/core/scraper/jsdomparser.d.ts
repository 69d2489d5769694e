// Readability's own light DOM parser: shipped in @mozilla/readability without types of its own.
declare module '@mozilla/readability/JSDOMParser.js' {
  export default class JSDOMParser {
    /** A Document of its light DOM (createElement, createTextNode, appendChild…); `url` is its documentURI. */
    parse(html: string, url?: string): unknown;
  }
}
