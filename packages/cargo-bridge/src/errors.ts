/** Base of every error this package throws on purpose; `hint` says what to do about it. */
export class CargoBridgeError extends Error {
  readonly hint: string | undefined;
  constructor(message: string, options: { hint?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.hint = options.hint;
  }
}

export const DEBIAN_INSTALL = 'apt-get install -y rustc cargo libstd-rust-dev-wasm32 wasi-libc lld';

/** No rustc/cargo pair on this machine can build for WASI. */
export class ToolchainNotFound extends CargoBridgeError {
  constructor(message: string, hint: string) {
    super(message, { hint });
  }
}

/** A toolchain exists but its sysroot has no WASI std. */
export class TargetNotInstalled extends CargoBridgeError {
  constructor(message: string, hint: string) {
    super(message, { hint });
  }
}

/** cargo ran and failed; `rendered` holds cargo's own error text. */
export class BuildFailed extends CargoBridgeError {
  readonly rendered: string;
  constructor(rendered: string, options: { cause?: unknown; hint?: string } = {}) {
    super('cargo build failed', options);
    this.rendered = rendered;
  }
}
