export declare function loadedPackage(recorded: string, name: string): boolean;
