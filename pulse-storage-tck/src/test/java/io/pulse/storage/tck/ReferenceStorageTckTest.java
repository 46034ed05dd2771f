package io.pulse.storage.tck;

import io.pulse.spi.storage.StorageFactory;

/** Checks the TCK itself: the plain reference reading of the contract must pass it. */
class ReferenceStorageTckTest extends StorageTck {

    @Override
    protected StorageFactory factory() {
        return ReferenceStorage.factory();
    }

    @Override
    protected boolean persistsAcrossRestart() {
        return false;
    }
}
