/** Media types of the OCI image spec and Docker's distribution formats. */
export const MediaTypes = {
  ociManifest: "application/vnd.oci.image.manifest.v1+json",
  ociIndex: "application/vnd.oci.image.index.v1+json",
  ociConfig: "application/vnd.oci.image.config.v1+json",
  ociLayer: "application/vnd.oci.image.layer.v1.tar",
  ociLayerGzip: "application/vnd.oci.image.layer.v1.tar+gzip",
  ociLayerZstd: "application/vnd.oci.image.layer.v1.tar+zstd",
  ociLayerNondistGzip: "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
  ociLayerNondist: "application/vnd.oci.image.layer.nondistributable.v1.tar",
  ociLayerNondistZstd: "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd",
  dockerManifest: "application/vnd.docker.distribution.manifest.v2+json",
  dockerManifestList: "application/vnd.docker.distribution.manifest.list.v2+json",
  dockerManifestV1: "application/vnd.docker.distribution.manifest.v1+json",
  dockerManifestV1Signed: "application/vnd.docker.distribution.manifest.v1+prettyjws",
  dockerConfig: "application/vnd.docker.container.image.v1+json",
  dockerLayerGzip: "application/vnd.docker.image.rootfs.diff.tar.gzip",
  dockerLayerForeignGzip: "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip",
  dockerLayerTar: "application/vnd.docker.image.rootfs.diff.tar",
} as const;

export const manifestMediaTypes: readonly string[] = [MediaTypes.ociManifest, MediaTypes.dockerManifest];
export const indexMediaTypes: readonly string[] = [MediaTypes.ociIndex, MediaTypes.dockerManifestList];
export const schema1MediaTypes: readonly string[] = [MediaTypes.dockerManifestV1, MediaTypes.dockerManifestV1Signed];

export const layerMediaTypes: readonly string[] = [
  MediaTypes.ociLayer,
  MediaTypes.ociLayerGzip,
  MediaTypes.ociLayerZstd,
  MediaTypes.ociLayerNondist,
  MediaTypes.ociLayerNondistGzip,
  MediaTypes.ociLayerNondistZstd,
  MediaTypes.dockerLayerGzip,
  MediaTypes.dockerLayerForeignGzip,
  MediaTypes.dockerLayerTar,
];

/** Every manifest type we can read, in preference order, for an Accept header. */
export const acceptManifestTypes: readonly string[] = [
  MediaTypes.ociIndex,
  MediaTypes.dockerManifestList,
  MediaTypes.ociManifest,
  MediaTypes.dockerManifest,
  MediaTypes.dockerManifestV1Signed,
  MediaTypes.dockerManifestV1,
];
