import { ByteReader } from '../tools/byte-reader.js';

/**
 * A component's world as its binary states it: the names and kinds of its top-level imports and
 * exports (`wasi:cli/environment@0.2.0`, instance). Read from the component-model binary's import
 * (10) and export (11) sections without instantiating anything, for `inspect` and for refusing an
 * import the host cannot serve before any work is done.
 */

export type ComponentExternKind = 'module' | 'func' | 'value' | 'type' | 'component' | 'instance';

export interface WorldItem {
  /** The full name, version included: `wasi:filesystem/types@0.2.0`. */
  name: string;
  kind: ComponentExternKind;
}

export interface ComponentWorld {
  imports: WorldItem[];
  exports: WorldItem[];
}

/** An interface name split into its parts: `wasi:cli/run@0.2.3` → wasi, cli, run, 0.2.3. */
export interface InterfaceName {
  namespace: string;
  package: string;
  interface: string;
  version: string | undefined;
}

export function parseInterfaceName(name: string): InterfaceName | undefined {
  const match = /^([a-z][a-z0-9-]*):([a-z][a-z0-9-]*)\/([a-z][a-z0-9-]*)(?:@(.+))?$/.exec(name);
  if (!match) return undefined;
  return { namespace: match[1]!, package: match[2]!, interface: match[3]!, version: match[4] };
}

const SECTION_IMPORT = 10;
const SECTION_EXPORT = 11;
const EXTERN_KINDS: ComponentExternKind[] = ['module', 'func', 'value', 'type', 'component', 'instance'];

/** Reads the top-level imports and exports; nested components' sections are skipped as a whole. */
export function readComponentWorld(bytes: Uint8Array): ComponentWorld {
  const world: ComponentWorld = { imports: [], exports: [] };
  const reader = new ByteReader(bytes, 8);
  while (!reader.done) {
    const id = reader.u8();
    const size = reader.uleb();
    const section = new ByteReader(reader.take(size), 0);
    if (id === SECTION_IMPORT) {
      for (let count = section.uleb(); count > 0; count--) world.imports.push({ name: externName(section), kind: externDesc(section) });
    } else if (id === SECTION_EXPORT) {
      for (let count = section.uleb(); count > 0; count--) {
        const name = externName(section);
        const sort = section.u8();
        if (sort === 0x00) section.u8(); // a core sort follows
        section.uleb(); // the index of what is exported
        if (section.u8() === 0x01) externDesc(section); // an optional type ascription
        world.exports.push({ name, kind: sortKind(sort) });
      }
    }
  }
  return world;
}

/** `importname'`/`exportname'`: a 0x00 or 0x01 prefix, then the name. */
function externName(reader: ByteReader): string {
  const prefix = reader.u8();
  if (prefix !== 0x00 && prefix !== 0x01) throw new RangeError(`unknown extern name prefix 0x${prefix.toString(16)}`);
  return reader.name();
}

/** `externdesc`, returning its kind and skipping its type. */
function externDesc(reader: ByteReader): ComponentExternKind {
  const tag = reader.u8();
  const kind = EXTERN_KINDS[tag];
  if (kind === undefined) throw new RangeError(`unknown extern kind 0x${tag.toString(16)}`);
  if (tag === 0x00) reader.u8(); // 0x11: core module type
  if (tag === 0x02 || tag === 0x03) {
    // value and type bounds: 0x00 idx (eq) | 0x01 valtype (values) / sub resource (types)
    if (reader.u8() === 0x00 || tag === 0x02) reader.sleb();
    return kind;
  }
  reader.uleb();
  return kind;
}

function sortKind(sort: number): ComponentExternKind {
  switch (sort) {
    case 0x00: return 'module';
    case 0x01: return 'func';
    case 0x02: return 'value';
    case 0x03: return 'type';
    case 0x04: return 'component';
    case 0x05: return 'instance';
    default: throw new RangeError(`unknown export sort 0x${sort.toString(16)}`);
  }
}
