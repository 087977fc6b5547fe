import { createContext, useContext } from "react";

/** The CSP nonce of the current response, given by entry.server to <Scripts> and friends. */
const NonceContext = createContext<string>("");
export const NonceProvider = NonceContext.Provider;
export const useNonce = () => useContext(NonceContext);
