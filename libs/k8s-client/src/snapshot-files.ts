import { basename, extname, join, relative, sep } from 'node:path';
import { snapshotInvalid, type SnapshotFormat } from './snapshot-parse.js';

/** What {@link findSnapshotFiles} needs of `stat`. */
export interface SnapshotStat {
  isFile(): boolean;
  isDirectory(): boolean;
  readonly size: number;
}

/** File access of the snapshot loader (node:fs/promises by default; injectable for tests). */
export interface SnapshotIo {
  readFile(path: string): Promise<string>;
  readdir(path: string): Promise<string[]>;
  stat(path: string): Promise<SnapshotStat>;
}

/** A file of a snapshot: objects to parse, or a pod's logs from `kubectl cluster-info dump`. */
export type SnapshotFile =
  | { readonly role: 'objects'; readonly path: string; readonly format: SnapshotFormat; readonly size: number }
  | { readonly role: 'logs'; readonly path: string; readonly namespace: string; readonly pod: string; readonly size: number };

const MAX_DEPTH = 16;

function formatOf(path: string): SnapshotFormat | undefined {
  const ext = extname(path).toLowerCase();
  if (ext === '.json') return 'json';
  if (ext === '.yaml' || ext === '.yml') return 'yaml';
  return undefined;
}

function errnoCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * Lists the files of a snapshot source. A file is read whatever its extension (JSON when it
 * ends in `.json`, YAML otherwise; YAML also reads JSON). A directory is walked recursively in
 * name order, skipping dot-entries: `.json`, `.yaml` and `.yml` files hold objects, and a
 * `<namespace>/<pod>/logs.txt` (the `kubectl cluster-info dump --output-directory` layout)
 * holds a pod's logs; other files are ignored.
 *
 * @throws K8sClientError `SNAPSHOT_INVALID` when the source does not exist or cannot be read,
 *   or a directory holds no object files.
 */
export async function findSnapshotFiles(source: string, io: SnapshotIo): Promise<SnapshotFile[]> {
  let info: SnapshotStat;
  try {
    info = await io.stat(source);
  } catch (error) {
    const code = errnoCode(error);
    throw snapshotInvalid(
      source,
      '',
      code === 'ENOENT'
        ? 'no such file or directory; pass a file or directory written by kubectl get -o json|yaml or kubectl cluster-info dump --output-directory'
        : `cannot read it (${code || String(error)})`,
    );
  }
  if (info.isFile()) {
    return [{ role: 'objects', path: source, format: formatOf(source) ?? 'yaml', size: info.size }];
  }
  if (!info.isDirectory()) throw snapshotInvalid(source, '', 'neither a file nor a directory');

  const files: SnapshotFile[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    const names = (await io.readdir(dir)).filter((n) => !n.startsWith('.')).sort();
    for (const name of names) {
      const path = join(dir, name);
      const entry = await io.stat(path);
      if (entry.isDirectory()) {
        if (depth < MAX_DEPTH) await walk(path, depth + 1);
        continue;
      }
      if (!entry.isFile()) continue;
      const format = formatOf(name);
      if (format) {
        files.push({ role: 'objects', path, format, size: entry.size });
        continue;
      }
      const parts = relative(source, path).split(sep);
      if (basename(path) === 'logs.txt' && parts.length >= 3) {
        const [namespace = '', pod = ''] = parts.slice(-3, -1);
        files.push({ role: 'logs', path, namespace, pod, size: entry.size });
      }
    }
  };
  try {
    await walk(source, 0);
  } catch (error) {
    throw snapshotInvalid(source, '', `cannot read the directory (${errnoCode(error) || String(error)})`);
  }
  if (!files.some((f) => f.role === 'objects')) {
    throw snapshotInvalid(
      source,
      '',
      'the directory holds no .json, .yaml or .yml files; expected the output of kubectl get -o json|yaml or kubectl cluster-info dump --output-directory',
    );
  }
  return files;
}
