import path from 'node:path';
import { DefaultArtifactClient } from '@actions/artifact';

/** Uploads one file as an artifact of the current run; the file's folder is the root. */
export async function uploadFileArtifact(name: string, file: string): Promise<{ id?: number; size?: number }> {
  return new DefaultArtifactClient().uploadArtifact(name, [file], path.dirname(file));
}
