// The part of m3u8-parser (video.js's HLS playlist parser; it ships no type declarations) the downloads use.
declare module "m3u8-parser" {
  export interface ParsedPlaylist {
    uri: string;
    attributes: { BANDWIDTH?: number; RESOLUTION?: { width: number; height: number }; [name: string]: unknown };
  }
  export interface ParsedSegment {
    uri: string;
    duration: number;
    map?: { uri: string };
    key?: { uri?: string };
  }
  export interface ParsedMediaGroup {
    uri?: string;
  }
  export interface Manifest {
    playlists?: ParsedPlaylist[];
    segments: ParsedSegment[];
    mediaGroups?: Record<string, Record<string, Record<string, ParsedMediaGroup>>>;
  }
  export class Parser {
    push(chunk: string): void;
    end(): void;
    manifest: Manifest;
  }
}
